package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/acme/chi-api/internal/api"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	// The Procfile passes -addr :$PORT; the default is for `go run .`.
	// expect-none: port-binding
	addr := flag.String("addr", ":8080", "listen address")
	// expect-none: *
	shutdownTimeout := flag.Duration("shutdown-timeout", 20*time.Second, "grace period on SIGTERM")
	flag.Parse()

	var handler slog.Handler = slog.NewJSONHandler(os.Stdout, nil)
	// expect-none: *
	if os.Getenv("APP_ENV") == "development" {
		// expect-none: logs
		handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	logger := slog.New(handler)

	hostname, _ := os.Hostname()
	// expect-none: codebase
	logger.Info("starting", "host", hostname, "addr", *addr)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// expect-none: *
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		logger.Error("database", "err", err)
		// expect-none: disposability
		os.Exit(1)
	}
	defer pool.Close()

	// expect-none: *
	srv := &http.Server{Addr: *addr, Handler: api.Router(pool, logger), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("listen", "err", err)
			stop()
		}
	}()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
