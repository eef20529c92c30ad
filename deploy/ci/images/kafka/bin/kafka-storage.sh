#!/bin/bash
exec /opt/kafka/bin/kafka-java kafka.tools.StorageTool "$@"
