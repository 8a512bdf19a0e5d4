package main

import (
	"database/sql"
	"log"
	"time"

	_ "github.com/lib/pq"
)

func mustOpenDB() *sql.DB {
	// expect: backing-services/no-fixed-host | config/no-hardcoded-url
	db, err := sql.Open("postgres", "host=localhost port=5432 user=catalog dbname=catalog sslmode=disable")
	if err != nil {
		log.Fatalf("open db: %v", err)
	}
	// expect-none: *
	db.SetConnMaxLifetime(5 * time.Minute)
	// expect-none: *
	db.SetMaxOpenConns(20)
	return db
}
