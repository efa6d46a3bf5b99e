#!/bin/bash
make test SUITE="$TEST_SUITE"
