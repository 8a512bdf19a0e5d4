package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// expect-none: port-binding
	addr := flag.String("addr", ":"+os.Getenv("PORT"), "listen address")
	flag.Parse()

	http.HandleFunc("/ingest", func(w http.ResponseWriter, r *http.Request) {
		// expect-none: *
		w.WriteHeader(http.StatusAccepted)
	})
	srv := &http.Server{Addr: *addr}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		_ = srv.Shutdown(context.Background())
	}()
	log.Printf("ingest web on %s", *addr)
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
