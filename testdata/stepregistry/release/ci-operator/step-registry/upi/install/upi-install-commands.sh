#!/bin/bash
openshift-install create cluster
