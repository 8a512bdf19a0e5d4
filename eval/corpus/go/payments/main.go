package main

import (
	// expect: dependencies/no-lockfile
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/acme/payments/internal/webhook"
)

func main() {
	// expect-none: logs
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))

	// expect-none: *
	port := os.Getenv("PORT")
	if port == "" {
		// expect-none: *
		port = "8080"
	}

	mux := http.NewServeMux()
	mux.Handle("/webhooks/stripe", webhook.Handler(logger))
	mux.HandleFunc("/receipts/", receiptHandler)

	// expect-none: *
	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("listen", "err", err)
			os.Exit(1)
		}
	}()
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
}
