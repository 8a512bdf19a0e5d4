package main

import (
	"database/sql"
	"log"
	"os"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/postgres"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo-contrib/session"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	_ "github.com/lib/pq"
	_ "github.com/mattn/go-sqlite3"
	"github.com/redis/go-redis/v9"
)

func openDB() *sql.DB {
	var db *sql.DB
	var err error
	if os.Getenv("APP_ENV") == "production" {
		db, err = sql.Open("postgres", os.Getenv("DATABASE_URL"))
	} else {
		// expect: dev-prod-parity/no-env-branching-backing-service
		db, err = sql.Open("sqlite3", "chat.db")
	}
	if err != nil {
		log.Fatal(err)
	}
	return db
}

func main() {
	db := openDB()

	if os.Getenv("APP_ENV") == "production" {
		m, err := migrate.New("file://migrations", os.Getenv("DATABASE_URL"))
		if err == nil {
			// expect: admin-processes/no-migration-at-startup
			_ = m.Up()
		}
	}

	// expect: backing-services/no-fixed-host | config/no-hardcoded-url
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379", DB: 0})

	e := echo.New()
	// expect-none: *
	e.HideBanner = true
	// expect-none: logs
	e.Use(middleware.Logger())
	e.Use(middleware.Recover())
	// expect: processes/no-memory-session-store, config/no-hardcoded-secret
	e.Use(session.Middleware(sessions.NewFilesystemStore("/tmp/chat-sessions", []byte("k4FtDzcyAGzGrgo44hX0X9fiPkxTAZkhy8"))))

	h := &chat{db: db, rdb: rdb}
	e.POST("/rooms/:id/messages", h.post)
	e.GET("/rooms/:id/export", h.export)

	// expect: port-binding/no-hardcoded-port, disposability/no-sigterm-handler
	e.Logger.Fatal(e.Start(":1323"))
}
