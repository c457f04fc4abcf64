"""The tag vocabulary, tag pages, related pages, backlinks and the graph export."""
