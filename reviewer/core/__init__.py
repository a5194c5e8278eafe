"""The foundation every layer uses: domain types, errors, text helpers and safe YAML."""
