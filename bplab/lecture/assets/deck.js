// bplab slides: reveal.js set up for a 1280 x 720 frame, plus a measured fallback for a slide the
// builder's estimate left too tall (issue 12). Inlined into each deck after BPLAB_SLIDES is set.
(function () {
  var cfg = window.BPLAB_SLIDES;

  // The cells of a slide, in one block that can be drawn smaller (speaker notes stay outside).
  function content(slide) {
    var box = slide.querySelector(":scope > .bplab-fit");
    if (box) return box;
    box = document.createElement("div");
    box.className = "bplab-fit";
    [].slice.call(slide.childNodes).forEach(function (node) {
      if (!(node.matches && node.matches("aside.notes, section"))) box.appendChild(node);
    });
    slide.insertBefore(box, slide.firstChild);
    return box;
  }

  // Too tall by a little: zoom out (text, code and figures alike) down to cfg.minZoom.
  // Still too tall: the slide scrolls, and the browser test names it.
  function fit(slide, Reveal) {
    if (!slide || slide.classList.contains("stack") || slide.offsetParent === null) return;
    var box = content(slide);
    box.style.zoom = "";
    slide.classList.remove("bplab-scrolls");
    slide.style.height = "";
    slide.style.overflowY = "";
    var tall = slide.scrollHeight;
    if (tall > cfg.height) {
      var zoom = Math.max(cfg.minZoom, Math.floor((100 * cfg.height) / tall) / 100);
      box.style.zoom = String(zoom);
      if (slide.scrollHeight > cfg.height) {
        slide.classList.add("bplab-scrolls");
        slide.style.height = cfg.height + "px";
        slide.style.overflowY = "auto";
      }
    }
    slide.setAttribute("data-bplab-zoom", box.style.zoom || "1");
    Reveal.layout();
  }

  require({ waitSeconds: 15 }, [cfg.reveal, cfg.notes], function (Reveal, RevealNotes) {
    window.Reveal = Reveal; // for the browser test and the console
    Reveal.initialize({
      controls: true,
      progress: true,
      history: true,
      transition: cfg.transition,
      slideNumber: cfg.number,
      plugins: [RevealNotes],
      width: cfg.width,
      height: cfg.height,
      margin: 0.04,
    });
    var fitCurrent = function () {
      fit(Reveal.getCurrentSlide(), Reveal);
    };
    // MathJax typesets once at load; a slide that was hidden then is typeset again when shown
    // (its line breaks need its width), and measured after that.
    var shown = function () {
      var slide = Reveal.getCurrentSlide();
      if (window.MathJax && MathJax.Hub) {
        if (!slide.hasAttribute("data-bplab-typeset") && MathJax.Hub.getAllJax(slide).length) {
          slide.setAttribute("data-bplab-typeset", "");
          MathJax.Hub.Queue(["Rerender", MathJax.Hub, slide]);
        }
        MathJax.Hub.Queue(fitCurrent);
      } else {
        fitCurrent();
      }
    };
    Reveal.on("ready", shown);
    Reveal.on("slidechanged", shown);
    Reveal.on("resize", fitCurrent);
    window.addEventListener("load", fitCurrent);
    window.bplabFit = function (slide) {
      fit(slide || Reveal.getCurrentSlide(), Reveal);
    };
  });
})();
