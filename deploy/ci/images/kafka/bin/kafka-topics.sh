#!/bin/bash
exec /opt/kafka/bin/kafka-java org.apache.kafka.tools.TopicCommand "$@"
