" tests/editors/vim_check.vim: the Vim files of editors/vim in a headless Vim
" (tests/editors/grammar.test.sh runs it with 'runtimepath' set to them):
" the filetype is detected, the syntax and ftplugin load without an error, and
" the groups of tests/editors/probes.snn's tokens are the ones named below.
" Every file given after it on the command line is opened too: it must load
" without an error and come out filetype snn.  Writes PASS/FAIL lines to
" $VIM_CHECK_OUT, then quits.
let s:out = []

function! s:Report(ok, name, why) abort
  call add(s:out, (a:ok ? 'PASS ' : 'FAIL ') . a:name . (a:ok ? '' : ': ' . a:why))
endfunction

" The syntax group at the first match of pat (its \zs) in the current buffer.
function! s:Expect(pat, group) abort
  call cursor(1, 1)
  let [l, c] = searchpos(a:pat, 'cW')
  let got = l ? synIDattr(synID(l, c, 1), 'name') : 'no match'
  call s:Report(got ==# a:group, 'vim ' . a:pat . ' is ' . a:group, 'got ' . got)
endfunction

edit tests/editors/probes.snn
call s:Report(&filetype ==# 'snn', 'vim filetype of .snn', 'filetype ' . &filetype)
call s:Report(get(b:, 'current_syntax', '') ==# 'snn', 'vim syntax loads', 'no b:current_syntax')
call s:Report(&commentstring ==# '// %s', 'vim ftplugin commentstring', &commentstring)
call s:Expect('^import', 'snnInclude')
call s:Expect('"stdlib', 'snnString')
call s:Expect('^// TODO', 'snnComment')
call s:Expect('// \zsTODO', 'snnTodo')
call s:Expect('/\* a block', 'snnComment')
call s:Expect('neuron \zsinside', 'snnComment')
call s:Expect('^param', 'snnItem')
call s:Expect('^param \zstau_x', 'snnDeclName')
call s:Expect('tau_x = \zs10', 'snnNumber')
call s:Expect('10 \zsms', 'snnUnit')
call s:Expect('\.5 \zsnS', 'snnUnit')
call s:Expect('80 \zs%', 'snnUnit')
call s:Expect('1 / \zsms', 'snnUnit')
call s:Expect('5 \zsmin', 'snnUnit')
call s:Expect('5\zsmsec', 'snnError')
call s:Expect('1e-4', 'snnNumber')
call s:Expect('4000 \zslif_cond', '')
call s:Expect('^neuron', 'snnDefine')
call s:Expect('^neuron \zslif', 'snnTypeName')
call s:Expect(': \zscapacitance', 'snnDimension')
call s:Expect('reward : \zsmodulator', 'snnDimension')
call s:Expect('^  \zsinput', 'snnStatement')
call s:Expect('^  \zsdv/dt', 'snnDerivative')
call s:Expect('rand()', 'snnFunction')
call s:Expect('^  \zson', 'snnConditional')
call s:Expect('on \zsspike', 'snnStatement')
call s:Expect('v \zsin \[', 'snnOperator')
call s:Expect('&&', 'snnOperator')
call s:Expect('^population \zsnet', 'snnDeclName')
call s:Expect('^connect \zsee', 'snnDeclName')
call s:Expect('^    \zsplasticity:', 'snnKey')
call s:Expect('^experiment', 'snnItem')
call s:Expect('^  \zsseed', 'snnStatement')
call s:Expect('1 \zs@', '')
call s:Expect('"unterminated', 'snnError')
for [s:group, s:to] in [['snnComment', 'Comment'], ['snnNumber', 'Number'], ['snnUnit', 'Special'], ['snnStatement', 'Statement']]
  let s:got = synIDattr(synIDtrans(hlID(s:group)), 'name')
  call s:Report(synIDtrans(hlID(s:group)) == synIDtrans(hlID(s:to)), 'vim ' . s:group . ' is coloured as ' . s:to,
        \ 'coloured as ' . s:got)
endfor
call s:Report(v:errmsg ==# '', 'vim loads the probes without an error', v:errmsg)

for s:file in argv()
  let v:errmsg = ''
  execute 'edit' fnameescape(s:file)
  call s:Report(&filetype ==# 'snn' && v:errmsg ==# '' && get(b:, 'current_syntax', '') ==# 'snn',
        \ 'vim ' . s:file, 'filetype ' . &filetype . ' ' . v:errmsg)
endfor

call writefile(s:out, $VIM_CHECK_OUT)
qall!
