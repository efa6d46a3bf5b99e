#!/bin/bash
openshift-install destroy cluster
