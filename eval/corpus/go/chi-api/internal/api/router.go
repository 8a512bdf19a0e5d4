package api

import (
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-playground/validator/v10"
	"github.com/jackc/pgx/v5/pgxpool"
)

// expect-none: processes
var validate = validator.New()

// expect-none: processes
var statusText = map[int]string{http.StatusTooManyRequests: "slow down", http.StatusNotFound: "no such thing"}

// Per-process rate limiting: with N web processes each client gets N times the limit,
// and every deploy resets it.
var (
	bucketsMu sync.Mutex
	// expect: processes/no-module-level-cache
	rateBuckets = map[string]*bucket{}
)

type bucket struct {
	tokens int
	reset  time.Time
}

type signup struct {
	Email string `json:"email" validate:"required,email"`
}

func Router(pool *pgxpool.Pool, logger *slog.Logger) http.Handler {
	r := chi.NewRouter()
	r.Use(limit)
	r.Post("/signups", func(w http.ResponseWriter, req *http.Request) {
		var s signup
		if err := json.NewDecoder(req.Body).Decode(&s); err != nil || validate.Struct(s) != nil {
			// expect-none: *
			http.Error(w, "invalid signup", http.StatusUnprocessableEntity)
			return
		}
		if _, err := pool.Exec(req.Context(), "insert into signups (email) values ($1)", s.Email); err != nil {
			logger.Error("insert", "err", err)
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	r.Get("/admin/*", func(w http.ResponseWriter, req *http.Request) {
		// Multi-tenant routing on the request's host is not deploy branching.
		// expect-none: codebase
		if req.Host != "admin.example.com" {
			http.NotFound(w, req)
			return
		}
		w.Write([]byte("admin"))
	})
	return r
}

func limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ip, _, _ := net.SplitHostPort(req.RemoteAddr)
		bucketsMu.Lock()
		b, ok := rateBuckets[ip]
		if !ok || time.Now().After(b.reset) {
			b = &bucket{tokens: 60, reset: time.Now().Add(time.Minute)}
			rateBuckets[ip] = b
		}
		b.tokens--
		left := b.tokens
		bucketsMu.Unlock()
		if left < 0 {
			http.Error(w, statusText[http.StatusTooManyRequests], http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, req)
	})
}
