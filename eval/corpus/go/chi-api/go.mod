module github.com/acme/chi-api

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/go-playground/validator/v10 v10.20.0
	github.com/jackc/pgx/v5 v5.6.0
)
