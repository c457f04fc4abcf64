--[[
Citeproc in independent batches, inside one Pandoc process.

Pandoc's citeproc disambiguates (2013a/2013b, "J. Smith" / "A. Smith", more names before
"et al.") across every work of a document, and its cost grows much faster than the number
of works: about 6 s for 400 works and 41 s for 800 with APA. Yet two works can only be
confused when they share a name (or, with no names, a title), and a cluster joins the works
it cites. So the works are split into groups that share nothing, groups are packed into
batches of about `mg-batch-size` works, and each batch is formatted by
pandoc.utils.citeproc on its own: the text is the same as one run over everything.

The order of the reference list is taken from one more citeproc run over all works with a
style whose disambiguation is switched off (`mg-order-csl`): sorting never depends on it
between works that share no name.

Input: the document the Python side writes (one div per cluster, id "mg-c-N"), with the
metadata of a normal run plus `mg-batch-size` and `mg-order-csl`. Output: the same divs,
formatted, and a div "refs" with every entry, in the style's order.
]]

local utils = pandoc.utils

local parent = {}
local function find(x)
  while parent[x] ~= x do
    parent[x] = parent[parent[x]]
    x = parent[x]
  end
  return x
end
local function union(a, b)
  local ra, rb = find(a), find(b)
  if ra ~= rb then parent[rb] = ra end
end

-- Every name a work carries, in any name variable; its title when it has none.
local function name_tokens(ref)
  local tokens = {}
  for field, value in pairs(ref) do
    if type(value) == "table" and field ~= "issued" and field ~= "accessed" then
      for _, person in ipairs(value) do
        if type(person) == "table" then
          local family = person.family or person.literal
          if family then
            tokens[#tokens + 1] = "name:" .. pandoc.text.lower(utils.stringify(family))
          end
        end
      end
    end
  end
  if #tokens == 0 then
    tokens[1] = "title:" .. pandoc.text.lower(utils.stringify(ref.title or ref.id))
  end
  return tokens
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
end

function Pandoc(doc)
  local refs = utils.references(doc)
  local by_id, order_in_file = {}, {}
  for index, ref in ipairs(refs) do
    by_id[ref.id] = ref
    order_in_file[ref.id] = index
    parent[ref.id] = ref.id
  end
  -- Works sharing a name (or title) are one group.
  local owner = {}
  for _, ref in ipairs(refs) do
    for _, token in ipairs(name_tokens(ref)) do
      if owner[token] then union(owner[token], ref.id) else owner[token] = ref.id end
    end
  end
  -- A cluster joins the works it cites.
  local divs = {}
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier:match("^mg%-c%-") then
      local known = {}
      for _, id in ipairs(cited_ids({ block })) do
        if by_id[id] then known[#known + 1] = id end
      end
      for i = 2, #known do union(known[1], known[i]) end
      divs[#divs + 1] = { block = block, root = known[1] and find(known[1]) or nil }
    end
  end
  -- Groups in file order, packed into batches.
  local batch_size = tonumber(utils.stringify(doc.meta["mg-batch-size"] or "80")) or 80
  local group_of, groups = {}, {}
  for _, ref in ipairs(refs) do
    local root = find(ref.id)
    if not group_of[root] then
      group_of[root] = { refs = {}, divs = {} }
      groups[#groups + 1] = group_of[root]
    end
    table.insert(group_of[root].refs, ref)
  end
  local loose = {}  -- clusters that cite no known work: formatted with the first batch
  for _, div in ipairs(divs) do
    if div.root then
      table.insert(group_of[find(div.root)].divs, div.block)
    else
      loose[#loose + 1] = div.block
    end
  end
  local batches, current = {}, nil
  for _, group in ipairs(groups) do
    if not current or (#current.refs > 0 and #current.refs + #group.refs > batch_size) then
      current = { refs = {}, divs = {} }
      batches[#batches + 1] = current
    end
    for _, ref in ipairs(group.refs) do table.insert(current.refs, ref) end
    for _, block in ipairs(group.divs) do table.insert(current.divs, block) end
  end
  if #batches == 0 then batches[1] = { refs = {}, divs = {} } end
  for _, block in ipairs(loose) do table.insert(batches[1].divs, block) end

  local nocite = {}
  for _, id in ipairs(meta_ids(doc.meta.nocite)) do nocite[id] = true end

  local formatted, entries = {}, {}
  for _, batch in ipairs(batches) do
    -- Clusters keep their document order inside a batch (positions matter to citeproc).
    table.sort(batch.divs, function(a, b)
      return tonumber(a.identifier:sub(6)) < tonumber(b.identifier:sub(6))
    end)
    local meta = copy_meta(doc.meta)
    meta.bibliography = nil
    meta["mg-batch-size"] = nil
    meta["mg-order-csl"] = nil
    meta.references = batch.refs
    local listed = {}
    for _, ref in ipairs(batch.refs) do
      if nocite[ref.id] then listed[#listed + 1] = "@{" .. ref.id .. "}" end
    end
    meta.nocite = #listed > 0 and pandoc.read(table.concat(listed, " ")).blocks[1].content or nil
    local done = utils.citeproc(pandoc.Pandoc(batch.divs, meta))
    for _, block in ipairs(done.blocks) do
      if block.t == "Div" and block.identifier ~= "refs" then formatted[#formatted + 1] = block end
    end
    entries_of(done.blocks, entries)
  end
  table.sort(formatted, function(a, b)
    return tonumber(a.identifier:sub(6)) < tonumber(b.identifier:sub(6))
  end)

  -- The reference list's order: one run over every listed work, without disambiguation.
  local listed_ids = {}
  for _, entry in ipairs(entries) do listed_ids[#listed_ids + 1] = entry.identifier:sub(5) end
  if #batches > 1 and #listed_ids > 1 then
    local meta = copy_meta(doc.meta)
    meta.bibliography = nil
    meta.csl = doc.meta["mg-order-csl"]
    meta["mg-batch-size"] = nil
    meta["mg-order-csl"] = nil
    local keep = {}
    for _, id in ipairs(listed_ids) do keep[#keep + 1] = by_id[id] end
    meta.references = keep
    meta.nocite = pandoc.read("@*").blocks[1].content
    local ordered = {}
    entries_of(utils.citeproc(pandoc.Pandoc({}, meta)).blocks, ordered)
    local rank = {}
    for index, entry in ipairs(ordered) do rank[entry.identifier] = index end
    table.sort(entries, function(a, b)
      return (rank[a.identifier] or 0) < (rank[b.identifier] or 0)
    end)
  end
  formatted[#formatted + 1] = pandoc.Div(entries, pandoc.Attr("refs", { "references" }))
  return pandoc.Pandoc(formatted, doc.meta)
end
