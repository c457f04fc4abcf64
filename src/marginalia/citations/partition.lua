--[[
Citeproc in independent batches, inside one Pandoc process, each work formatted once.

Pandoc's citeproc disambiguates (2013a/2013b, "J. Smith" / "A. Smith", more names before
"et al.") across every work of a document, and its cost grows much faster than the number
of works: about 6 s for 400 works and 41 s for 800 with APA. Yet two works can only be
confused when their citations start with the same name (or, with no names, the same
title). So the works are split into groups that share no such name, and groups are packed
into home batches of about `mg-batch-size` works, each formatted by pandoc.utils.citeproc
on its own: the text is the same as one run over everything. Which groups share a batch
depends on the groups alone (see the packing in Pandoc() below), so that an edit moves few.

A cluster whose works all live in one home batch is formatted there. A cluster across home
batches ("[@smith2001; @jones2002]") is cut into runs: its citations in the order the style
gives them (from one citeproc run with disambiguation switched off, `mg-order-csl`, or
their written order when the style does not sort citations), cut wherever the home batch
changes. Each run is formatted in its own home batch, at the cluster's place in the
document, and the Python side joins the runs with the layout's delimiter inside its
prefix and suffix (`mg-r-N-J` divs). So every work is formatted in its home batch only,
however the clusters mix names, and batches stay small.

This is exact because nothing in a run's text depends on works of other groups, as long as
what citeproc does to a whole cluster each run does to its own cites alone (see runs_of:
sorting within the segments that affixes delimit; cite grouping, "Doe 1999, 2006; Smith
2002", which moves a cite next to an earlier one with the same rendered names). Where that
cannot be made sure, the cluster falls back to an extra batch holding copies of what it
cites (of an organisation's works, only those of the cited year): a narrative citation with
more cites, a style that groups cites where a name group comes back after another or where
nameless works sit in different batches, and a style the Python side cannot join
(`mg-assemble` false: formatting on the layout, or a delimiter after collapsed cites that
differs from the layout's).

With `mg-cache-dir`, each batch's output is kept in a file named by the hash of all it
depends on (its works, named by hashes of their entries' text from the Python side, its
clusters numbered within the batch, the works it lists, `mg-cache-salt` for the style,
locale, Pandoc and this filter): a rebuild re-formats only the batches an edit touched.
A batch is kept as the HTML of its clusters and entries, which a rebuild hands on as raw
HTML instead of making Pandoc's document tree of it again (the order runs, whose links are
read, are kept as that tree).
The layout's affixes, the style's substitutes for a missing author and those entry hashes
come in a JSON file (`mg-layout`).

The order of the reference list is taken from one more citeproc run over all works with
the order style: sorting never depends on disambiguation between works that share no name.

Input: the document the Python side writes (one div per cluster, id "mg-c-N"), with the
metadata of a normal run plus the `mg-*` settings above. Output: the same divs, formatted
(or their runs), and a div "refs" with every entry, in the style's order; with `mg-stats`,
a div "mg-stats" that says how often citeproc was given each work.
]]

local utils = pandoc.utils
local EXTRA_FACTOR = 4  -- extra batches hold up to this many times mg-batch-size works

-- The root of `x` in a union-find forest held in `parent` (path halving).
local function root_in(parent, x)
  while parent[x] ~= x do
    parent[x] = parent[parent[x]]
    x = parent[x]
  end
  return x
end

local parent = {}
local function find(x) return root_in(parent, x) end
local function union(a, b)
  local ra, rb = find(a), find(b)
  if ra ~= rb then parent[rb] = ra end
end

-- The names through which a work can be confused with another. Citeproc only compares
-- citations that render alike, and a citation starts with its first name: the first
-- author's, or without an author that of whichever variable the style substitutes (so
-- then the first person of every name variable counts), unless the style disambiguates
-- given names across all names ("all-names" rules: `mg-all-names`), when every person
-- counts. A work without names is cited by its title.
local function name_tokens(ref, all_names)
  local tokens = {}
  local first = not all_names and type(ref.author) == "table" and ref.author[1]
  if type(first) == "table" and (first.family or first.literal) then
    -- A work with an author is cited by its author: its editors or translators never
    -- start its citation, so they must not tie it to other works. The second value says
    -- the name is an organisation's, which has no given names to tell apart.
    local name = first.family or first.literal
    return { "name:" .. pandoc.text.lower(utils.stringify(name)) }, first.family == nil
  end
  for field, value in pairs(ref) do
    if type(value) == "table" and field ~= "issued" and field ~= "accessed" then
      for index, person in ipairs(value) do
        if type(person) ~= "table" or (index > 1 and not all_names) then break end
        local family = person.family or person.literal
        if family then
          tokens[#tokens + 1] = "name:" .. pandoc.text.lower(utils.stringify(family))
        end
      end
    end
  end
  if #tokens == 0 then
    tokens[1] = "title:" .. pandoc.text.lower(utils.stringify(ref.title or ref.id))
  end
  return tokens
end

-- The year a work's citation shows ("nd" without one): organisations' works differ by it.
local function issued_year(ref)
  local issued = ref.issued
  local parts = type(issued) == "table" and issued["date-parts"]
  local first = type(parts) == "table" and parts[1]
  local year = type(first) == "table" and first[1]
  if year then return tostring(year) end
  return issued and utils.stringify(issued) or "nd"
end

local function cited_ids(blocks)
  local ids = {}
  pandoc.Blocks(blocks):walk({
    Cite = function(cite)
      for _, citation in ipairs(cite.citations) do ids[#ids + 1] = citation.id end
    end,
  })
  return ids
end

-- Keys named in a metadata value (nocite): Inlines, Blocks, or a list of them.
local function meta_ids(value)
  local kind = value and utils.type(value)
  if kind == "Inlines" then return cited_ids({ pandoc.Plain(value) }) end
  if kind == "Blocks" then return cited_ids(value) end
  local ids = {}
  if kind == "List" then
    for _, item in ipairs(value) do
      for _, id in ipairs(meta_ids(item)) do ids[#ids + 1] = id end
    end
  end
  return ids
end

local function copy_meta(meta)
  local copy = {}
  for key, value in pairs(meta) do copy[key] = value end
  return pandoc.Meta(copy)
end

local function entries_of(blocks, into)
  for _, block in ipairs(blocks) do
    if block.t == "Div" and block.identifier == "refs" then
      for _, entry in ipairs(block.content) do
        if entry.t == "Div" then into[#into + 1] = entry end
      end
    end
  end
  return into
end

-- A cluster div's place in the document, for a run of it too (`mg-pos`).
local function position_of(block)
  local pos = block.attributes["mg-pos"]
  if pos then return tonumber(pos) end
  return tonumber(block.identifier:match("^mg%-c%-(%d+)$")) or 0
end

local function by_position(a, b)
  local pa, pb = position_of(a), position_of(b)
  if pa ~= pb then return pa < pb end
  return tonumber(a.attributes["mg-run"] or "0") < tonumber(b.attributes["mg-run"] or "0")
end

local function flag(meta, name)
  return utils.stringify(meta[name] or "") == "true"
end

local MG_SETTINGS = {
  "mg-batch-size", "mg-order-csl", "mg-all-names", "mg-workers", "mg-worker", "mg-stats",
  "mg-cache-dir", "mg-cache-salt", "mg-assemble", "mg-cite-sorted", "mg-cite-groups",
  "mg-layout", "mg-positions",
}

local function batch_meta(doc, refs)
  local meta = copy_meta(doc.meta)
  meta.bibliography = nil
  for _, name in ipairs(MG_SETTINGS) do meta[name] = nil end
  meta.references = refs
  return meta
end

local function new_batch()
  return { refs = {}, divs = {}, has = {}, home = {} }
end

local function add_group(batch, group, home)
  if batch.has[group] then return end
  batch.has[group] = true
  if home then batch.home[group] = true end
  for _, ref in ipairs(group.refs) do table.insert(batch.refs, ref) end
end

-- How often citeproc was given each work (`mg-stats`), by kind of run.
local given = { batch = {}, order = {}, fallback = {} }
local function count_given(kind, refs)
  for _, ref in ipairs(refs) do given[kind][ref.id] = (given[kind][ref.id] or 0) + 1 end
end

local cache_dir, cache_salt, worker_name, style_positions = nil, "", "0", true
local used_files, entry_hashes = {}, {}

-- The divs given to citeproc, numbered within the call, so that what is kept does not
-- depend on where they stand in the site (a citation added above them moves them all);
-- their order is kept.
local function numbered_copies(blocks)
  local numbered = {}
  for index, block in ipairs(blocks) do
    -- Pandoc numbers every citation of the document (its "hash" and "note number"), which
    -- citeproc reads only for positions (ibid, near-note): without them in the style, the
    -- numbers go, and an edit elsewhere leaves the batch as it was.
    local content = pandoc.Blocks(block.content):walk({
      Cite = function(cite)
        for _, citation in ipairs(cite.citations) do
          citation.hash = 0
          if not style_positions then citation.note_num = 0 end
        end
        return cite
      end,
    })
    numbered[index] = pandoc.Div(content, pandoc.Attr("mg-b-" .. index))
  end
  return numbered
end

-- The file that keeps the output of citeproc over `numbered` with `refs`. The style, its
-- order style, the locale, Pandoc and this filter are in the salt; each work is named by
-- the hash of what it is read from (from the Python side), or else by the work as Pandoc
-- read it (slower to encode).
local function kept_file(kind, refs, numbered, listed_ids)
  local parts = { cache_salt, kind, listed_ids, pandoc.json.encode(pandoc.Blocks(numbered)) }
  for _, ref in ipairs(refs) do
    parts[#parts + 1] = entry_hashes[ref.id] or pandoc.json.encode(ref)
  end
  local name = "batch-" .. utils.sha1(table.concat(parts, "\0")) .. ".json"
  used_files[#used_files + 1] = name
  return cache_dir .. "/" .. name
end

-- `compute()`, or what it returned in an earlier build (`read` turns the kept text back
-- into it, or into nil when the text is not what it should be).
local function kept(path, compute, read)
  if not path then return compute() end
  local file = io.open(path, "r")
  if file then
    local text = file:read("a")
    file:close()
    local ok, value = pcall(read, text)
    if ok and value ~= nil then return value end
  end
  local value = compute()
  local temporary = path .. ".part" .. worker_name
  file = io.open(temporary, "w")
  if file then
    file:write(pandoc.json.encode(value))
    file:close()
    os.rename(temporary, path)
  end
  return value
end

-- citeproc over `blocks` with `meta`, as a document (for the order runs, whose links are
-- read), or its output kept from an earlier build.
local function citeproc(kind, refs, blocks, meta, listed_ids)
  local numbered = numbered_copies(blocks)
  local path = cache_dir and kept_file(kind, refs, numbered, listed_ids)
  local done = kept(path, function()
    count_given(kind, refs)
    return utils.citeproc(pandoc.Pandoc(numbered, meta)).blocks
  end, function(text)
    local blocks_ = pandoc.json.decode(text)
    return utils.type(blocks_) == "Blocks" and blocks_ or nil
  end)
  for _, block in ipairs(done) do
    local index = block.t == "Div" and tonumber(block.identifier:match("^mg%-b%-(%d+)$"))
    if index and blocks[index] then block.attr = blocks[index].attr end
  end
  return done
end

local WRITER = { wrap_text = "none" }  -- as the Python side runs Pandoc: --wrap=none
local SEPARATOR = "<!--mg-piece-->"

-- Each list of blocks of `parts` as the HTML writer writes it, from one call of the writer
-- (one a piece costs seconds over thousands of pieces): raw separators between them.
local function written(parts)
  local blocks = {}
  for _, part in ipairs(parts) do
    for _, block in ipairs(part) do blocks[#blocks + 1] = block end
    blocks[#blocks + 1] = pandoc.RawBlock("html", SEPARATOR)
  end
  local html = pandoc.write(pandoc.Pandoc(blocks), "html", WRITER)
  local pieces, from = {}, 1
  while #pieces < #parts do
    local at, stop = html:find(SEPARATOR, from, true)
    if not at then break end
    pieces[#pieces + 1] = html:sub(from, at - 1):gsub("^%s+", ""):gsub("%s+$", "")
    from = stop + 1
  end
  return pieces
end

local function escaped(text)
  return (text:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

-- A cluster's div as the HTML writer writes it, with its own id and attributes.
local function div_html(block, inner)
  local attributes = {}
  for key, value in pairs(block.attributes) do
    attributes[#attributes + 1] = " data-" .. key .. '="' .. escaped(value) .. '"'
  end
  table.sort(attributes)
  return '<div id="' .. escaped(block.identifier) .. '"' .. table.concat(attributes) .. ">\n"
    .. inner .. "\n</div>"
end

-- A batch through citeproc, as HTML: its clusters, in order, as raw HTML blocks, and its
-- reference entries as { id, html }. What is kept on disk is that HTML, which a rebuild
-- reads back without making Pandoc's document tree of it again.
local function formatted_batch(refs, blocks, meta, listed_ids)
  local numbered = numbered_copies(blocks)
  local path = cache_dir and kept_file("batch", refs, numbered, listed_ids)
  local out = kept(path, function()
    count_given("batch", refs)
    local value = { divs = {}, entries = {} }
    local parts, kinds = {}, {}
    for _, block in ipairs(utils.citeproc(pandoc.Pandoc(numbered, meta)).blocks) do
      if block.t == "Div" and block.identifier == "refs" then
        for _, entry in ipairs(block.content) do
          if entry.t == "Div" then
            parts[#parts + 1] = { entry }
            kinds[#kinds + 1] = { entry = entry.identifier }
          end
        end
      elseif block.t == "Div" then
        parts[#parts + 1] = block.content
        kinds[#kinds + 1] = { index = tonumber(block.identifier:match("^mg%-b%-(%d+)$")) }
      end
    end
    for number, html in ipairs(written(parts)) do
      local kind = kinds[number]
      if kind.entry then
        value.entries[#value.entries + 1] = { id = kind.entry, html = html }
      else
        value.divs[#value.divs + 1] = { index = kind.index, html = html }
      end
    end
    return value
  end, function(text)
    local value = pandoc.json.decode(text, false)
    return type(value) == "table" and type(value.divs) == "table" and value or nil
  end)
  local divs = {}
  for _, item in ipairs(out.divs) do
    local original = blocks[item.index]
    if original then
      divs[#divs + 1] = {
        block = original,
        raw = pandoc.RawBlock("html", div_html(original, item.html)),
      }
    end
  end
  return divs, out.entries or {}
end

-- The works of `refs` a document's citations and nocite list, as a nocite value.
local function nocite_of(refs, listed)
  local ids = {}
  for _, ref in ipairs(refs) do
    if listed[ref.id] then ids[#ids + 1] = "@{" .. ref.id .. "}" end
  end
  local value = #ids > 0 and pandoc.read(table.concat(ids, " ")).blocks[1].content or nil
  return value, table.concat(ids, " ")
end

-- The one Cite a cluster div holds, or nil if it holds anything else.
local function only_cite(block)
  local para = #block.content == 1 and block.content[1]
  if not para or para.t ~= "Para" or #para.content ~= 1 then return nil end
  local cite = para.content[1]
  return cite.t == "Cite" and cite or nil
end

-- The ids of a formatted cite of the order style, in its order, and which of them have a
-- prefix or a suffix as citeproc sees them (a locator is not a suffix): each cite renders
-- as a link around "-", so the text between two links is the first one's suffix, the
-- layout's delimiter, the second one's prefix. Nil when that cannot be read back.
local function read_order(cite, layout)
  local pieces, ids = { "" }, {}
  for _, inline in ipairs(cite.content) do
    local id = inline.t == "Link" and inline.target:match("^#ref%-(.+)$")
    if id then
      ids[#ids + 1] = id
      pieces[#pieces + 1] = ""
    else
      pieces[#pieces] = pieces[#pieces] .. utils.stringify(inline)
    end
  end
  if #ids == 0 then return nil end
  local prefixed, suffixed = {}, {}
  local first, last = pieces[1], pieces[#pieces]
  if first:sub(1, #layout.prefix) ~= layout.prefix then return nil end
  if last:sub(#last - #layout.suffix + 1) ~= layout.suffix then return nil end
  prefixed[ids[1]] = #first > #layout.prefix
  suffixed[ids[#ids]] = #last > #layout.suffix
  for index = 2, #ids do
    local text = pieces[index]
    local at, stop = text:find(layout.delimiter, 1, true)
    if not at or (#layout.delimiter > 0 and text:find(layout.delimiter, stop + 1, true)) then
      return nil
    end
    suffixed[ids[index - 1]] = at > 1
    prefixed[ids[index]] = stop < #text
  end
  return { ids = ids, prefixed = prefixed, suffixed = suffixed }
end

-- For each cluster, its citations' ids in the style's order (with their affixes as
-- citeproc sees them when the style sorts: see runs_of).
local function cite_orders(clusters, doc, by_id, layout)
  local orders = {}
  if not flag(doc.meta, "mg-cite-sorted") then
    for _, cluster in ipairs(clusters) do orders[cluster] = { ids = cited_ids({ cluster.block }) } end
    return orders
  end
  if #clusters == 0 then return orders end
  local refs, seen, divs = {}, {}, {}
  for index, cluster in ipairs(clusters) do
    for _, id in ipairs(cited_ids({ cluster.block })) do
      if by_id[id] and not seen[id] then
        seen[id] = true
        refs[#refs + 1] = by_id[id]
      end
    end
    divs[index] = pandoc.Div(cluster.block.content, pandoc.Attr("mg-o-" .. index))
  end
  local meta = batch_meta(doc, refs)
  meta.csl = doc.meta["mg-order-csl"]
  meta.nocite = nil
  for _, block in ipairs(citeproc("order", refs, divs, meta, "")) do
    local index = block.t == "Div" and tonumber(block.identifier:match("^mg%-o%-(%d+)$"))
    local cite = index and only_cite(block)
    if cite then orders[clusters[index]] = read_order(cite, layout) end
  end
  return orders
end

-- A work whose citation shows no name is cited by its title or its date alone; citeproc's
-- cite grouping treats all such cites as having the same names (see runs_of). It has no
-- author and none of the names the style puts in an author's place (`substitutes`).
local function nameless(ref, substitutes)
  for _, variable in ipairs({ "author", table.unpack(substitutes) }) do
    if type(ref[variable]) == "table" and #ref[variable] > 0 then return false end
  end
  return true
end
local NAMELESS = {}

-- A cluster across home batches cut into runs of one home each, in the style's order,
-- or nil when its text could depend on how it is cut. What citeproc does to a cluster's
-- cites as a whole, each run must do to its own alone:
-- - sorting happens within segments that a prefix starts and a suffix ends: a run stays
--   within one (then sorting it alone gives the same order);
-- - cite grouping moves a cite next to an earlier one with the same names, and all
--   nameless cites count as the same names: the cites of a group (or all the nameless
--   ones) must already be next to each other, and nameless ones in one run.
local function runs_of(cluster, order, home_of, group_of_id, by_id, style)
  local cite = only_cite(cluster.block)
  if not cite or not order or #order.ids ~= #cite.citations then return nil end
  local in_cluster, segment_of, segment = {}, {}, 1
  for index, citation in ipairs(cite.citations) do
    -- "Alpha et al. (2020; 2019)": Pandoc lays out a narrative citation around the whole
    -- cluster, not as one of its cites.
    if citation.mode == "AuthorInText" then return nil end
    if not by_id[citation.id] or in_cluster[citation.id] then return nil end
    in_cluster[citation.id] = true
    local before = cite.citations[index - 1]
    if before and style.sorted and (order.suffixed[before.id] or order.prefixed[citation.id]) then
      segment = segment + 1
    end
    segment_of[citation.id] = segment
  end
  local runs, closed, last_class, nameless_home = {}, {}, nil, nil
  for _, id in ipairs(order.ids) do
    if not in_cluster[id] then return nil end
    local group = group_of_id(id)
    local home = home_of[group]
    if style.groups then
      local class = nameless(by_id[id], style.substitutes) and NAMELESS or group
      if class ~= last_class then
        if closed[class] then return nil end
        if last_class then closed[last_class] = true end
        last_class = class
      end
      if class == NAMELESS then
        if nameless_home and nameless_home ~= home then return nil end
        nameless_home = home
      end
    end
    local run = runs[#runs]
    local part = style.sorted and segment_of[id] or 0
    if not run or run.batch ~= home or run.segment ~= part then
      runs[#runs + 1] = { batch = home, segment = part, ids = {} }
    end
    runs[#runs].ids[id] = true
  end
  local all = {}
  for _, citation in ipairs(cite.citations) do all[#all + 1] = citation.id end
  local n = position_of(cluster.block)
  local divs = {}
  for j, run in ipairs(runs) do
    local citations = {}
    for _, citation in ipairs(cite.citations) do
      if run.ids[citation.id] then citations[#citations + 1] = citation end
    end
    -- A list of pairs, not a table: the order of a table's keys differs between runs.
    local attributes = { { "mg-pos", tostring(n) }, { "mg-run", tostring(j - 1) } }
    if j == 1 then
      attributes[3] = { "mg-runs", tostring(#runs) }
      attributes[4] = { "mg-cites", table.concat(all, " ") }
    end
    local para = pandoc.Para({ pandoc.Cite(cite.content, citations) })
    divs[j] = {
      batch = run.batch,
      div = pandoc.Div({ para }, pandoc.Attr("mg-r-" .. n .. "-" .. (j - 1), {}, attributes)),
    }
  end
  return divs
end

function Pandoc(doc)
  local refs = utils.references(doc)
  local by_id = {}
  for _, ref in ipairs(refs) do
    by_id[ref.id] = ref
    parent[ref.id] = ref.id
  end
  if doc.meta["mg-cache-dir"] then
    cache_dir = utils.stringify(doc.meta["mg-cache-dir"])
    cache_salt = utils.stringify(doc.meta["mg-cache-salt"] or "")
  end
  worker_name = utils.stringify(doc.meta["mg-worker"] or "0")
  style_positions = flag(doc.meta, "mg-positions")
  -- The citation layout's affixes, from a JSON file (metadata would lose their spaces).
  local layout = { prefix = "", suffix = "", delimiter = "" }
  local layout_file = doc.meta["mg-layout"] and io.open(utils.stringify(doc.meta["mg-layout"]))
  if layout_file then
    layout = pandoc.json.decode(layout_file:read("a"), false)
    layout_file:close()
  end
  entry_hashes = layout.entries or {}
  -- Works whose citations can be confused are one group.
  local owner, personal = {}, {}
  local all_names = flag(doc.meta, "mg-all-names")
  local tokens_of = {}
  for _, ref in ipairs(refs) do
    local tokens, organisation = name_tokens(ref, all_names)
    tokens_of[ref.id] = tokens
    if not organisation then personal[ref.id] = true end
    for _, token in ipairs(tokens) do
      if owner[token] then union(owner[token], ref.id) else owner[token] = ref.id end
    end
  end
  local group_of, groups = {}, {}
  for _, ref in ipairs(refs) do
    local root = find(ref.id)
    if not group_of[root] then
      group_of[root] = { refs = {} }
      groups[#groups + 1] = group_of[root]
    end
    table.insert(group_of[root].refs, ref)
  end
  local function group_of_id(id) return by_id[id] and group_of[find(id)] end

  -- What an extra batch must copy of a group: all of it, unless every work of the group
  -- is cited by the same organisation's name. Such citations differ by year alone
  -- ("Mind, 2013a"), so only the works of the cited year can be confused: a copy holds
  -- those, not the organisation's hundred other works.
  local unit_of = {}
  for _, group in ipairs(groups) do
    local by_year = nil
    for _, ref in ipairs(group.refs) do
      if personal[ref.id] then
        by_year = nil
        break
      end
      by_year = by_year or {}
      local year = issued_year(ref)
      by_year[year] = by_year[year] or { refs = {} }
      table.insert(by_year[year].refs, ref)
      unit_of[ref.id] = by_year[year]
    end
    if not by_year then
      for _, ref in ipairs(group.refs) do unit_of[ref.id] = group end
    end
  end

  -- Every group has one home batch, where its reference entries are formatted. Which
  -- groups share a batch depends on nothing but the groups themselves, so that an edit
  -- changes few batches (and the rest are found on disk): groups are taken in the order of
  -- a hash of their first name, and a batch ends after a group whose hash says so once it
  -- holds half of batch_size works, or before it would hold more than batch_size.
  local batch_size = tonumber(utils.stringify(doc.meta["mg-batch-size"] or "80")) or 80
  local clusters = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier:match("^mg%-c%-") then
      local needed, list, has_unit, units = {}, {}, {}, {}
      for _, id in ipairs(cited_ids({ block })) do
        local group = group_of_id(id)
        if group and not needed[group] then
          needed[group] = true
          list[#list + 1] = group
        end
        local unit = by_id[id] and unit_of[id]
        if unit and not has_unit[unit] then
          has_unit[unit] = true
          units[#units + 1] = unit
        end
      end
      clusters[#clusters + 1] = { block = block, groups = list, units = units }
    end
  end
  local ordered = {}
  for index, group in ipairs(groups) do
    local first = nil
    for _, ref in ipairs(group.refs) do
      for _, token in ipairs(tokens_of[ref.id]) do
        if not first or token < first then first = token end
      end
    end
    group.hash = utils.sha1(first or tostring(index))
    -- Cites without names may be grouped with each other ("Title A 2010, Title B 2012"),
    -- which a cluster can only get right in one batch: such works come first, together.
    local all_nameless = true
    for _, ref in ipairs(group.refs) do
      all_nameless = all_nameless and nameless(ref, layout.substitutes or {})
    end
    if all_nameless then group.hash = "!" .. group.hash end
    ordered[index] = group
  end
  table.sort(ordered, function(a, b) return a.hash < b.hash end)
  local batches, home_of, current = {}, {}, nil
  for _, group in ipairs(ordered) do
    if not current or (#current.refs > 0 and #current.refs + #group.refs > batch_size) then
      current = new_batch()
      batches[#batches + 1] = current
    end
    add_group(current, group, true)
    home_of[group] = current
    if #current.refs * 2 >= batch_size and tonumber(group.hash:sub(-4), 16) % 4 == 0 then
      current = nil
    end
  end
  if #batches == 0 then batches[1] = new_batch() end

  -- A cluster goes where all the groups it cites are: their common home batch; a cluster
  -- across home batches is cut into runs (see the top of this file).
  local listed = {}
  for _, id in ipairs(meta_ids(doc.meta.nocite)) do listed[id] = true end
  local across = {}
  for _, cluster in ipairs(clusters) do
    local home = nil  -- the groups' common home batch; false if they have none
    for _, group in ipairs(cluster.groups) do
      if home == nil then
        home = home_of[group]
      elseif home ~= home_of[group] then
        home = false
      end
    end
    for _, id in ipairs(cited_ids({ cluster.block })) do
      if by_id[id] then listed[id] = true end
    end
    if home == false then
      across[#across + 1] = cluster
    else
      table.insert((home or batches[1]).divs, cluster.block)
    end
  end
  local assemble = flag(doc.meta, "mg-assemble")
  local style = { groups = flag(doc.meta, "mg-cite-groups"), sorted = flag(doc.meta, "mg-cite-sorted") }
  style.substitutes = layout.substitutes or {}
  local orders = assemble and cite_orders(across, doc, by_id, layout) or {}

  -- The fallback: an extra batch that holds copies of the groups a cluster cites (works
  -- are never confused across groups, so a copy formats exactly like the original).
  -- Prefer one that already holds copies of some of them; batches stay small all the
  -- same: citeproc's time per work grows with the batch.
  local extra, extras_with = nil, {}
  local extra_size = batch_size * EXTRA_FACTOR
  local function extra_batch_for(cluster)
    local size = 0
    for _, unit in ipairs(cluster.units) do size = size + #unit.refs end
    local best, best_added, seen = nil, size, {}
    for _, unit in ipairs(cluster.units) do
      for _, batch in ipairs(extras_with[unit] or {}) do
        if not seen[batch] then
          seen[batch] = true
          local added = 0
          for _, other in ipairs(cluster.units) do
            if not batch.has[other] then added = added + #other.refs end
          end
          -- A cluster that alone needs more than extra_size works may still share.
          local room = math.max(extra_size, size + batch_size)
          if added < best_added and #batch.refs + added <= room then
            best, best_added = batch, added
          end
        end
      end
    end
    if not best then
      if not extra or (#extra.refs > 0 and #extra.refs + size > extra_size) then
        extra = new_batch()
        batches[#batches + 1] = extra
      end
      best = extra
    end
    for _, unit in ipairs(cluster.units) do
      if not best.has[unit] then
        extras_with[unit] = extras_with[unit] or {}
        table.insert(extras_with[unit], best)
      end
      add_group(best, unit, false)
    end
    return best
  end
  for _, cluster in ipairs(across) do
    local runs = assemble
      and runs_of(cluster, orders[cluster], home_of, group_of_id, by_id, style)
    if runs then
      for _, run in ipairs(runs) do table.insert(run.batch.divs, run.div) end
    else
      given.fallback.clusters = (given.fallback.clusters or 0) + 1
      table.insert(extra_batch_for(cluster).divs, cluster.block)
    end
  end

  -- With `mg-workers` processes (each given its `mg-worker` number), every process makes
  -- the same batches and formats its share of them: the largest first, each to the
  -- process with the least work so far.
  local workers = tonumber(utils.stringify(doc.meta["mg-workers"] or "1")) or 1
  local worker = tonumber(worker_name) or 0
  local mine = {}
  do
    local order, load = {}, {}
    for index, batch in ipairs(batches) do order[index] = { batch = batch, index = index } end
    table.sort(order, function(a, b)
      local sa, sb = #a.batch.refs + #a.batch.divs, #b.batch.refs + #b.batch.divs
      if sa ~= sb then return sa > sb end
      return a.index < b.index
    end)
    for w = 0, workers - 1 do load[w] = 0 end
    for _, item in ipairs(order) do
      local least = 0
      for w = 1, workers - 1 do
        if load[w] < load[least] then least = w end
      end
      load[least] = load[least] + #item.batch.refs + #item.batch.divs
      if least == worker then mine[item.batch] = true end
    end
  end

  local pieces, entries = {}, {}
  for _, batch in ipairs(batches) do
    if mine[batch] and (#batch.divs > 0 or next(batch.home)) then
      -- Clusters keep their document order (citeproc's "first citation" depends on it),
      -- and every listed work of the batch is listed, as it is in the whole document.
      table.sort(batch.divs, by_position)
      local meta = batch_meta(doc, batch.refs)
      local listed_ids
      meta.nocite, listed_ids = nocite_of(batch.refs, listed)
      -- Copies keep their (discarded) reference list: without it citeproc would not link
      -- the citations to their entries.
      local divs, batch_entries = formatted_batch(batch.refs, batch.divs, meta, listed_ids)
      for _, piece in ipairs(divs) do pieces[#pieces + 1] = piece end
      if next(batch.home) then
        for _, entry in ipairs(batch_entries) do
          local ref = by_id[entry.id:sub(5)]
          if ref and batch.home[group_of[find(ref.id)]] then entries[#entries + 1] = entry end
        end
      end
    end
  end
  table.sort(pieces, function(a, b) return by_position(a.block, b.block) end)
  local formatted = {}
  for index, piece in ipairs(pieces) do formatted[index] = piece.raw end

  -- The reference list's order: one run over every listed work, without disambiguation
  -- (by the first process only; with several, it writes the order out as a list of ids).
  local keep = {}
  for _, ref in ipairs(refs) do
    if listed[ref.id] then keep[#keep + 1] = ref end
  end
  if #batches > 1 and #keep > 1 and worker == 0 then
    local meta = batch_meta(doc, keep)
    meta.csl = doc.meta["mg-order-csl"]
    meta.nocite = pandoc.read("@*").blocks[1].content
    local rank, ids = {}, {}
    for index, entry in ipairs(entries_of(citeproc("order", keep, {}, meta, "@*"), {})) do
      rank[entry.identifier] = index
      ids[#ids + 1] = pandoc.Str(entry.identifier:sub(5))
      ids[#ids + 1] = pandoc.Space()
    end
    table.sort(entries, function(a, b)
      return (rank[a.id] or 0) < (rank[b.id] or 0)
    end)
    if workers > 1 then
      formatted[#formatted + 1] = pandoc.Div({ pandoc.Plain(ids) }, pandoc.Attr("mg-order"))
    end
  end
  if flag(doc.meta, "mg-stats") then
    local words = {}
    for _, kind in ipairs({ "batch", "order", "fallback" }) do
      for id, count in pairs(given[kind]) do words[#words + 1] = kind .. ":" .. count .. ":" .. id end
    end
    table.sort(words)
    formatted[#formatted + 1] = pandoc.Div({ pandoc.Plain({ pandoc.Str(table.concat(words, " ")) }) },
      pandoc.Attr("mg-stats"))
  end
  if cache_dir then
    formatted[#formatted + 1] = pandoc.Div({ pandoc.Plain({ pandoc.Str(table.concat(used_files, " ")) }) },
      pandoc.Attr("mg-cache-used"))
  end
  local entry_blocks = {}
  for index, entry in ipairs(entries) do entry_blocks[index] = pandoc.RawBlock("html", entry.html) end
  formatted[#formatted + 1] = pandoc.Div(entry_blocks, pandoc.Attr("refs", { "references" }))
  return pandoc.Pandoc(formatted, doc.meta)
end
