#!/bin/bash
widget --version
