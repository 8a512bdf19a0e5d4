package main

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
	// expect: dependencies/no-undeclared-import
	"github.com/google/uuid"
)

type Product struct {
	ID    string  `json:"id"`
	SKU   string  `json:"sku"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// expect: processes/no-module-level-cache
var productCache = map[string]Product{}

// expect-none: processes
var currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£"}

type handlers struct{ db *sql.DB }

func (h *handlers) getProduct(c *gin.Context) {
	sku := c.Param("sku")
	if p, ok := productCache[sku]; ok {
		c.JSON(http.StatusOK, p)
		return
	}
	var p Product
	err := h.db.QueryRow("select id, sku, name, price from products where sku = $1", sku).Scan(&p.ID, &p.SKU, &p.Name, &p.Price)
	if err == sql.ErrNoRows {
		// expect-none: *
		c.JSON(http.StatusNotFound, gin.H{"error": "not found", "docs": "https://pkg.go.dev/github.com/gin-gonic/gin"})
		return
	}
	productCache[sku] = p
	c.JSON(http.StatusOK, gin.H{"product": p, "symbol": currencySymbols["EUR"]})
}

func (h *handlers) createProduct(c *gin.Context) {
	var p Product
	if err := c.ShouldBindJSON(&p); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	p.ID = uuid.NewString()
	if _, err := h.db.Exec("insert into products (id, sku, name, price) values ($1, $2, $3, $4)", p.ID, p.SKU, p.Name, p.Price); err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"error": "insert failed"})
		return
	}
	c.JSON(http.StatusCreated, p)
}
