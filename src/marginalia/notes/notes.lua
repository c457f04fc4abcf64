-- Citations of a note style, page by page, in one Pandoc process.
--
-- The document holds one div per page (class mg-page); in it, in the order of the page,
-- each citation in the text is a div with the cluster's id (mg-c-N) holding the cluster as
-- written, and each footnote of the page is a div of class mg-note holding such divs for
-- the citations inside it (classes mg-lead and mg-trail when text comes before or after it
-- in the note: Pandoc capitalises a citation that opens a note and ends one that closes it
-- with a full stop). Each page becomes a document of
-- its own, as if the page were given to `pandoc --citeproc`: its citations in the text
-- become notes, those in its footnotes stay there, numbered together, with positions
-- (first, subsequent, ibid, near-note) restarting on each page.
--
-- Written to the file named by the metadata field mg-notes-out, as HTML: for each cluster,
-- after a comment <!--mg:N:t--> what stays in the text, after <!--mg:N:n--> the note it
-- became (nothing for a citation in a footnote).

local function read(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("a")
  f:close()
  return text
end

local function html(blocks)
  return pandoc.write(pandoc.Pandoc(blocks), "html", { wrap_text = "none" })
end

local function cite_of(div)
  -- The cluster as Pandoc's Markdown reader read it: a paragraph of one Cite.
  local first = div.content[1]
  if first and (first.t == "Para" or first.t == "Plain") then
    return first.content
  end
  return pandoc.Inlines {}
end

-- The names a work's citations can be confused by: every family (or literal) name of every
-- name variable, or its title when it has no name.
local function names_of(ref)
  local found = {}
  for _, value in pairs(ref) do
    if pandoc.utils.type(value) == "List" then
      for _, name in ipairs(value) do
        if type(name) == "table" and (name.family or name.literal) then
          found[pandoc.utils.stringify(name.family or name.literal)] = true
        end
      end
    end
  end
  if next(found) == nil then
    found["title:" .. pandoc.utils.stringify(ref.title or "")] = true
  end
  return found
end

local MAX_GROUP = 100

-- Pages that may share one citeproc call: none of their works shares a name with another
-- page's (so no work is cited on two of them, positions cannot run from one page into the
-- next, and disambiguation sees what it sees page by page). Each call reads the style
-- anew (about 50 ms for Chicago's), which one call per page would pay 500 times. A style
-- that prints note numbers (first-reference-note-number) gets one call per page.
local function grouped(pages, allowed)
  local groups = {}
  for _, page in ipairs(pages) do
    local names = {}
    for _, ref in ipairs(page.wanted) do
      for name in pairs(names_of(ref)) do
        names[name] = true
      end
    end
    local home = nil
    if allowed then
      for _, group in ipairs(groups) do
        if #group.pages < MAX_GROUP then
          local clash = false
          for name in pairs(names) do
            if group.names[name] then
              clash = true
              break
            end
          end
          if not clash then
            home = group
            break
          end
        end
      end
    end
    if home == nil then
      home = { pages = {}, names = {} }
      table.insert(groups, home)
    end
    table.insert(home.pages, page)
    for name in pairs(names) do
      home.names[name] = true
    end
  end
  local out = {}
  for _, group in ipairs(groups) do
    table.insert(out, group.pages)
  end
  return out
end

function Pandoc(doc)
  local meta = doc.meta
  local out_path = pandoc.utils.stringify(meta["mg-notes-out"])
  local bib = pandoc.read(read(pandoc.utils.stringify(meta["mg-notes-bib"])), "bibtex")
  local by_id = {}
  for _, ref in ipairs(bib.meta.references or {}) do
    by_id[pandoc.utils.stringify(ref.id)] = ref
  end
  local results, pages = pandoc.Blocks {}, {}
  local note_number = 0 -- across pages: only the distance within a page counts
  for _, page in ipairs(doc.blocks) do
    if page.t == "Div" and page.classes:includes("mg-page") then
      local blocks, used, wanted = pandoc.Blocks {}, {}, {}
      local order = {} -- cluster ids, in the order of their Cite elements
      local function cite(div)
        -- A cluster is one Cite (a wrapper would change its text: Pandoc ends a citation
        -- that closes a span with a full stop); anything else is passed on as text.
        local inlines = cite_of(div)
        local cites = 0
        for _, el in ipairs(inlines) do
          if el.t == "Cite" then
            cites = cites + 1
          end
        end
        if cites ~= 1 then
          return pandoc.Inlines { pandoc.Str("·") }
        end
        table.insert(order, div.identifier)
        for _, el in ipairs(inlines) do
          if el.t == "Cite" then
            -- The note it is in, as Pandoc's reader numbers them (each citation in the text
            -- and each note one more): citeproc's "Ibid." looks at the notes, not at the
            -- citations, so two citations in one note are one note before the next.
            local citations = el.citations
            for _, c in ipairs(citations) do
              c.note_num = note_number
            end
            el.citations = citations
            for _, c in ipairs(el.citations) do
              if not used[c.id] and by_id[c.id] then
                used[c.id] = true
                table.insert(wanted, by_id[c.id])
              end
            end
          end
        end
        return inlines
      end
      for _, unit in ipairs(page.content) do
        note_number = note_number + 1
        if unit.t == "Div" and unit.classes:includes("mg-note") then
          local inside = pandoc.Inlines {}
          for _, div in ipairs(unit.content) do
            if div.t == "Div" then
              if div.classes:includes("mg-lead") or #inside > 0 then
                inside:insert(pandoc.Str("·"))
                inside:insert(pandoc.Space())
              end
              inside:extend(cite(div))
              if div.classes:includes("mg-trail") then
                inside:insert(pandoc.Space())
                inside:insert(pandoc.Str("·"))
              end
            end
          end
          if #inside == 0 then
            inside:insert(pandoc.Str("·"))
          end
          blocks:insert(pandoc.Para { pandoc.Str("·"), pandoc.Note { pandoc.Para(inside) } })
        elseif unit.t == "Div" then
          local para = pandoc.Inlines { pandoc.Str("·"), pandoc.Space() }
          para:extend(cite(unit))
          blocks:insert(pandoc.Para(para))
        end
      end
      table.insert(pages, { blocks = blocks, wanted = wanted, order = order })
    end
  end
  for _, group in ipairs(grouped(pages, meta["mg-notes-group"] == true)) do
    local blocks, wanted, order = pandoc.Blocks {}, {}, {}
    for _, page in ipairs(group) do
      blocks:extend(page.blocks)
      for _, ref in ipairs(page.wanted) do
        table.insert(wanted, ref)
      end
      for _, id in ipairs(page.order) do
        table.insert(order, id)
      end
    end
    local group_meta = pandoc.Meta {}
    for key, value in pairs(meta) do
      if not tostring(key):match("^mg%-") then
        group_meta[key] = value
      end
    end
    group_meta.references = wanted
    group_meta["suppress-bibliography"] = true
    local done = pandoc.utils.citeproc(pandoc.Pandoc(blocks, group_meta))
    local seen = 0
    pandoc.walk_block(pandoc.Div(done.blocks), {
      Cite = function(c)
        seen = seen + 1
        local id = order[seen]
        if id then
          local note = pandoc.Blocks {}
          local text = c.content:walk {
            Note = function(n)
              note:extend(n.content)
              return {}
            end,
          }
          local n = id:sub(6)
          -- Written once for all, at the end: one writer call per citation cost more than
          -- citeproc itself.
          results:insert(pandoc.RawBlock("html", "<!--mg:" .. n .. ":t-->"))
          results:insert(pandoc.Plain { pandoc.Cite(text, c.citations) })
          results:insert(pandoc.RawBlock("html", "<!--mg:" .. n .. ":n-->"))
          results:extend(note)
        end
      end,
    })
  end
  results:insert(pandoc.RawBlock("html", "<!--mg:end-->"))
  local f = assert(io.open(out_path, "w"))
  f:write(html(results))
  f:close()
  return pandoc.Pandoc({})
end
