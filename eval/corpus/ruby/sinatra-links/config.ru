require_relative "app"

# expect-none: *
run LinksApp
