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
-- Written to the file named by the metadata field mg-notes-out, as JSON: for each cluster
-- id, the HTML of what stays in the text and of the note it became ("" in a footnote).

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

function Pandoc(doc)
  local meta = doc.meta
  local out_path = pandoc.utils.stringify(meta["mg-notes-out"])
  local bib = pandoc.read(read(pandoc.utils.stringify(meta["mg-notes-bib"])), "bibtex")
  local by_id = {}
  for _, ref in ipairs(bib.meta.references or {}) do
    by_id[pandoc.utils.stringify(ref.id)] = ref
  end
  local results = {}
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
      local page_meta = pandoc.Meta {}
      for key, value in pairs(meta) do
        if not tostring(key):match("^mg%-") then
          page_meta[key] = value
        end
      end
      page_meta.references = wanted
      page_meta["suppress-bibliography"] = true
      local done = pandoc.utils.citeproc(pandoc.Pandoc(blocks, page_meta))
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
            local kept = pandoc.Cite(text, c.citations)
            results[id:sub(6)] = { html({ pandoc.Plain { kept } }), #note > 0 and html(note) or "" }
          end
        end,
      })
    end
  end
  local f = assert(io.open(out_path, "w"))
  f:write(pandoc.json.encode(results))
  f:close()
  return pandoc.Pandoc({})
end
