#!/bin/sh
# limiter: the limiter4j command. This file is a shell script followed by the command's jar.
exec java -jar "$0" "$@"
