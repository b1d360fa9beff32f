-- Drives Neovim 0.7's built-in LSP client against the bundled server: diagnostic, code actions
-- (asked for the way `vim.lsp.buf.code_action()` asks), the preferred fix applied, diagnostic gone.
-- Prints one line per step; the exit status is the verdict. Run by test/clients/neovim.test.ts.
local function log(line) io.stdout:write(line .. '\n') end

local function main()
  vim.bo.filetype = 'bicep'
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'identity-isolation',
    cmd = { os.getenv('IDENTITY_ISOLATION_NODE'), os.getenv('IDENTITY_ISOLATION_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
  })
  vim.lsp.buf_attach_client(buf, id)
  if not vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then log('FAIL no diagnostics'); return 1 end
  local d = vim.diagnostic.get(buf)[1]
  log(('DIAG %d:%d %s %s'):format(d.lnum, d.col, tostring(d.code), tostring(d.source)))

  local client = vim.lsp.get_client_by_id(id)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  local response = client.request_sync('textDocument/codeAction', params, 10000, buf)
  if not (response and response.result and #response.result > 0) then log('FAIL no code action'); return 1 end
  for _, action in ipairs(response.result) do
    log(('ACTION %s | %s | preferred=%s'):format(action.kind, action.title, tostring(action.isPreferred == true)))
  end
  local fix = response.result[1]
  log('EDIT ' .. (fix.edit.documentChanges and 'documentChanges' or 'changes'))
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  local cleared = vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  log('CLEARED ' .. tostring(cleared))
  for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find('isolationScope', 1, true) then log('LINE ' .. line) end
  end
  client.stop()
  return cleared and 0 or 1
end

local ok, rc = pcall(main)
if not ok then log('ERROR ' .. tostring(rc)); rc = 2 end
vim.cmd(rc == 0 and 'qall!' or ('cquit ' .. rc))
