package main

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"
)

type chat struct {
	db  *sql.DB
	rdb *redis.Client
}

type message struct {
	Room string `json:"room"`
	Body string `json:"body"`
}

func (h *chat) post(c echo.Context) error {
	var m message
	if err := c.Bind(&m); err != nil {
		// expect-none: *
		return echo.NewHTTPError(http.StatusBadRequest, "invalid body")
	}
	m.Room = c.Param("id")
	if _, err := h.db.Exec("insert into messages (room, body) values ($1, $2)", m.Room, m.Body); err != nil {
		return err
	}
	payload, _ := json.Marshal(m)
	h.rdb.Publish(c.Request().Context(), "room:"+m.Room, payload)
	return c.NoContent(http.StatusCreated)
}

func (h *chat) export(c echo.Context) error {
	// expect-none: processes
	f, err := os.CreateTemp("", "chat-export-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	rows, err := h.db.Query("select body from messages where room = $1", c.Param("id"))
	if err != nil {
		return err
	}
	defer rows.Close()
	enc := json.NewEncoder(f)
	for rows.Next() {
		var body string
		_ = rows.Scan(&body)
		_ = enc.Encode(body)
	}
	f.Close()
	return c.Attachment(f.Name(), "export.json")
}
