--[[
Quarto syntax for plain pandoc: callouts, the pagebreak shortcode, figure alt text and
cross-references (@fig-, @tbl-, @sec-), written for HTML and Typst.

Quarto does all this itself; the built-in render chain runs this filter instead, so a report
looks the same with or without Quarto. Only what both outputs render well is supported; any
other shortcode stops the render rather than leaking "{{< ... >}}" into a report.
]]

local is_typst = FORMAT == "typst"

local WORDS = {
  en = { note = "Note", warning = "Warning", important = "Important", tip = "Tip",
         caution = "Caution", fig = "Figure", tbl = "Table" },
  nl = { note = "Opmerking", warning = "Waarschuwing", important = "Belangrijk", tip = "Tip",
         caution = "Let op", fig = "Figuur", tbl = "Tabel" },
}

local function typst_string(text)
  local escaped = text:gsub("\\", "\\\\"):gsub('"', '\\"')
  return '"' .. escaped .. '"'
end

local function html_attribute(text)
  local escaped = text:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;")
  return escaped
end

local function typst_inlines(inlines)
  local written = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "typst")
  return (written:gsub("%s+$", ""))
end

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and WORDS.en[kind] then
      return kind
    end
  end
end

local function callout(div, words)
  local kind = callout_kind(div)
  if not kind then
    return nil
  end
  local body = div.content
  local title
  if div.attributes.title then
    title = pandoc.utils.blocks_to_inlines(pandoc.read(div.attributes.title, "markdown").blocks)
  elseif #body > 0 and body[1].t == "Header" then
    title = body[1].content
    body:remove(1)
  else
    title = pandoc.Inlines(words[kind])
  end
  if is_typst then
    local open = string.format("#callout(kind: %s, title: [%s])[",
      typst_string(kind), typst_inlines(title))
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", open) })
    blocks:extend(body)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  return pandoc.Div({
    pandoc.Div(pandoc.Plain(title), pandoc.Attr("", { "callout-title" })),
    pandoc.Div(body, pandoc.Attr("", { "callout-body" })),
  }, pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }, { role = "note" }))
end

local function pagebreak(para)
  if pandoc.utils.stringify(para) ~= "{{< pagebreak >}}" then
    return nil
  end
  if is_typst then
    return pandoc.RawBlock("typst", "#pagebreak()")
  end
  return pandoc.RawBlock("html", '<div class="pagebreak"></div>')
end

local function refuse_shortcode(str)
  if str.text:find("{{<", 1, true) then
    error("unsupported Quarto shortcode near '" .. str.text .. "': only {{< pagebreak >}} "
      .. "renders without Quarto")
  end
end

-- A width or height Typst understands as written (50%, 8cm, 2in, ...); pixels have no
-- meaning on paper, so those are left to the image's own size.
local function typst_length(value)
  local number, unit = (value or ""):match("^(%d*%.?%d+)(%a*%%?)$")
  local units = { ["%"] = true, cm = true, mm = true, ["in"] = true, pt = true, em = true }
  if number and units[unit] then
    return number .. unit
  end
end

local function read_svg(path)
  local file = io.open(path, "r")
  if not file then
    return nil
  end
  local svg = file:read("a")
  file:close()
  svg = svg:gsub("<%?xml.-%?>", ""):gsub("<!DOCTYPE.->", "")
  return svg
end

local function image(img)
  local alt = img.attributes["fig-alt"] or img.attributes.alt
  img.attributes["fig-alt"] = nil
  if is_typst then
    -- Typst resolves paths against its root ("/"), not against the document's folder.
    local src = img.src
    if not pandoc.path.is_absolute(src) then
      src = pandoc.path.join({ pandoc.system.get_working_directory(), src })
    end
    local arguments = { typst_string(src) }
    if alt then
      table.insert(arguments, "alt: " .. typst_string(alt))
    end
    for _, side in ipairs({ "width", "height" }) do
      local size = typst_length(img.attributes[side])
      if size then
        table.insert(arguments, side .. ": " .. size)
      end
    end
    return pandoc.RawInline("typst", "#image(" .. table.concat(arguments, ", ") .. ")")
  end
  local svg = img.src:match("%.svg$") and read_svg(img.src)
  if svg then
    local label = alt or pandoc.utils.stringify(img.caption)
    -- "%" is special in a gsub replacement; alt texts often hold percentages.
    local attribute = html_attribute(label):gsub("%%", "%%%%")
    return pandoc.RawInline("html",
      (svg:gsub("<svg", '<svg role="img" aria-label="' .. attribute .. '"', 1)))
  end
  img.attributes.alt = alt
  return img
end

-- Numbers figures and tables in document order, as Quarto and Typst do.
local function collect_targets(doc, words)
  local targets = {}
  local counts = { fig = 0, tbl = 0 }
  local function number(kind, id)
    if id:match("^" .. kind .. "%-") then
      counts[kind] = counts[kind] + 1
      targets[id] = pandoc.Inlines(words[kind] .. "\u{a0}" .. counts[kind])
    end
  end
  doc:walk({
    Figure = function(fig) number("fig", fig.identifier) end,
    Table = function(tbl) number("tbl", tbl.identifier) end,
    Header = function(header)
      if header.identifier:match("^sec%-") then
        targets[header.identifier] = header.content
      end
    end,
  })
  return targets
end

local function prefix_caption(caption, label)
  if #caption.long == 0 then
    return
  end
  local first = caption.long[1]
  local content = pandoc.Inlines(label)
  content:insert(pandoc.Str(":"))
  content:insert(pandoc.Space())
  content:extend(first.content)
  first.content = content
end

local function reference(targets)
  return function(cite)
    local inlines = pandoc.Inlines({})
    for i, citation in ipairs(cite.citations) do
      local id = citation.id
      local label = targets[id]
      if not label then
        return cite.content
      end
      if i > 1 then
        inlines:extend({ pandoc.Str(","), pandoc.Space() })
      end
      if is_typst and not id:match("^sec%-") then
        inlines:insert(pandoc.RawInline("typst", "@" .. id))
      else
        inlines:insert(pandoc.Link(label, "#" .. id))
      end
    end
    return inlines
  end
end

-- [text]{.evidence}: the second line of a finding (n, interval, test), set smaller and grey.
local function evidence(span)
  if not is_typst or not span.classes:includes("evidence") then return nil end
  return pandoc.RawInline("typst",
    "#text(size: 0.86em, fill: luma(70))[" .. typst_inlines(span.content) .. "]")
end

-- {#tbl-x widths="22 16 9"}: relative column widths on paper, where Typst would give a column of
-- long text no more room than a column of numbers; the browser keeps sizing to the content.
local function widths(tbl)
  local spec = tbl.attributes.widths
  if not spec then return nil end
  tbl.attributes.widths = nil
  local values, total = {}, 0
  for value in spec:gmatch("%d+") do
    values[#values + 1] = tonumber(value)
    total = total + tonumber(value)
  end
  if is_typst and #values == #tbl.colspecs then
    for i, colspec in ipairs(tbl.colspecs) do
      tbl.colspecs[i] = { colspec[1], values[i] / total }
    end
  end
  return tbl
end

function Pandoc(doc)
  local lang = pandoc.utils.stringify(doc.meta.lang or "en"):sub(1, 2)
  local words = WORDS[lang] or WORDS.en
  local targets = collect_targets(doc, words)
  if not is_typst then
    doc = doc:walk({
      Figure = function(fig)
        if targets[fig.identifier] then prefix_caption(fig.caption, targets[fig.identifier]) end
        return fig
      end,
      Table = function(tbl)
        if targets[tbl.identifier] then prefix_caption(tbl.caption, targets[tbl.identifier]) end
        return tbl
      end,
    })
  end
  doc = doc:walk({ Para = pagebreak })
  return doc:walk({
    Div = function(div) return callout(div, words) end,
    Span = evidence,
    Str = refuse_shortcode,
    Image = image,
    Cite = reference(targets),
    Table = widths,
  })
end
