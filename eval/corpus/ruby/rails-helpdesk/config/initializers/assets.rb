Rails.application.config.assets.version = "1.0"

# Fresh containers have no compiled assets yet.
unless Rails.root.join("public/assets/.manifest.json").exist?
  # expect: build-release-run/no-runtime-install
  system("bin/rails assets:precompile")
end
