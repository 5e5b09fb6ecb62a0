// Parses a feed file with @rowanmanning/feed-parser and prints what the integration tests check, as JSON.
// Usage: node tests/tools/parse-feed.js <file>. Exits non-zero when the file is not a feed.
'use strict';
const fs = require('node:fs');
const { parseFeed } = require('@rowanmanning/feed-parser');

const feed = parseFeed(fs.readFileSync(process.argv[2], 'utf8'));
const date = (d) => (d ? d.toISOString() : null);
process.stdout.write(JSON.stringify({
  type: feed.meta.type,
  version: feed.meta.version,
  title: feed.title,
  updated: date(feed.updated),
  items: feed.items.map((i) => ({
    id: i.id,
    title: i.title,
    url: i.url,
    published: date(i.published),
    updated: date(i.updated),
    categories: i.categories.map((c) => c.term),
  })),
}));
