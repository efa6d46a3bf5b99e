#!/bin/bash
oc adm must-gather
