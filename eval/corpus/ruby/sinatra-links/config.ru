# expect: dependencies/no-lockfile
require_relative "app"

# expect-none: *
run LinksApp
