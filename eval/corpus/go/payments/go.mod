module github.com/acme/payments

go 1.22

require github.com/stripe/stripe-go/v78 v78.8.0
