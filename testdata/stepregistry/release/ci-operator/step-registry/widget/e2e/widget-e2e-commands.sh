#!/bin/bash
make e2e IMAGE="$WIDGET_IMAGE"
