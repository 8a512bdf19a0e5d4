package main

import (
	"log"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	f, err := os.OpenFile("catalog.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	// expect: logs/no-log-file
	log.SetOutput(f)

	db := mustOpenDB()
	defer db.Close()

	// expect-none: *
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// expect-none: logs
	r.Use(gin.Logger(), gin.Recovery())

	h := &handlers{db: db}
	r.GET("/products/:sku", h.getProduct)
	r.POST("/products", h.createProduct)
	// expect-none: *
	r.GET("/healthz", func(c *gin.Context) { c.Status(204) })

	// expect: port-binding/no-hardcoded-port, disposability/no-sigterm-handler
	r.Run(":8080")
}
