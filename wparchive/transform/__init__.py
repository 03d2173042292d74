"""From WordPress markup to clean HTML: wpautop, shortcodes, blocks, embeds, cleaning, links."""
