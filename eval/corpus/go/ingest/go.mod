module github.com/acme/ingest

go 1.22

require (
	github.com/rabbitmq/amqp091-go v1.10.0
	github.com/sevlyar/go-daemon v0.1.6
	gopkg.in/natefinch/lumberjack.v2 v2.2.1
)
