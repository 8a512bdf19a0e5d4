package webhook

import (
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v78"
	"github.com/stripe/stripe-go/v78/webhook"
)

// expect: config/no-hardcoded-secret
const stripeKey = "sk_live_51PqLmN2ME2lDA60MZ3cnVROSZTPbkAAF2cZZasSQiw"

// expect-none: *
const maxBody = int64(65536)

func Handler(log *slog.Logger) http.Handler {
	stripe.Key = stripeKey
	// expect-none: config
	secret := os.Getenv("STRIPE_WEBHOOK_SECRET")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			// expect-none: *
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		event, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		log.Info("stripe event", "type", event.Type, "id", event.ID)
		w.WriteHeader(http.StatusOK)
	})
}
