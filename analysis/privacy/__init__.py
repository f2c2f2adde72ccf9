"""Privacy of residents: pseudonym keys, probable people, what may be released."""
