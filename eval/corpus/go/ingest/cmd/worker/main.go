package main

import (
	"flag"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"

	amqp "github.com/rabbitmq/amqp091-go"
	daemon "github.com/sevlyar/go-daemon"
	"gopkg.in/natefinch/lumberjack.v2"
)

func main() {
	// expect-none: *
	concurrency := flag.Int("concurrency", 4, "parallel consumers")
	// expect-none: *
	detach := flag.Bool("detach", false, "run in the background (legacy hosts)")
	flag.Parse()

	if *detach {
		// expect: concurrency/no-daemonize
		ctx := &daemon.Context{PidFileName: "ingest-worker.pid", PidFilePerm: 0o644, WorkDir: "./"}
		child, err := ctx.Reborn()
		if err != nil {
			log.Fatal(err)
		}
		if child != nil {
			return
		}
		defer ctx.Release()
	}

	// expect: logs/no-log-file
	log.SetOutput(&lumberjack.Logger{Filename: "/var/log/ingest/worker.log", MaxSize: 100, MaxBackups: 3})

	pluginDir := os.Getenv("PLUGIN_DIR")
	// expect: build-release-run/no-runtime-install
	build := exec.Command("go", "build", "-buildmode=plugin", "-o", filepath.Join(pluginDir, "enrich.so"), "./plugins/enrich")
	if out, err := build.CombinedOutput(); err != nil {
		log.Fatalf("building plugin: %v: %s", err, out)
	}
	p, err := plugin.Open(filepath.Join(pluginDir, "enrich.so"))
	if err != nil {
		log.Fatal(err)
	}
	enrich, _ := p.Lookup("Enrich")

	// expect: backing-services/no-fixed-host | config/no-hardcoded-url
	conn, err := amqp.Dial("amqp://guest:guest@rabbitmq:5672/")
	if err != nil {
		log.Fatal(err)
	}
	ch, _ := conn.Channel()
	_ = ch.Qos(*concurrency, 0, false)
	msgs, _ := ch.Consume("ingest", "", false, false, false, false, nil)

	// expect: disposability/no-sigterm-handler
	for d := range msgs {
		enrich.(func([]byte) error)(d.Body)
		d.Ack(false)
	}
}
