module github.com/acme/chat

go 1.22

require (
	github.com/golang-migrate/migrate/v4 v4.17.1
	github.com/gorilla/sessions v1.2.2
	github.com/labstack/echo-contrib v0.17.1
	github.com/labstack/echo/v4 v4.12.0
	github.com/lib/pq v1.10.9
	github.com/mattn/go-sqlite3 v1.14.22
	github.com/redis/go-redis/v9 v9.5.1
)
