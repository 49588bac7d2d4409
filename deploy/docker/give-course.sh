#!/bin/bash
# docker-stacks' start.sh runs this (as the student) before JupyterLab starts in their container:
# the course of the image (/opt/bplab, the handout) into their home, their own work kept.
python /opt/bplab/deploy/hub/course.py /opt/bplab "${HOME}" | sed 's/^/bplab course: /'
