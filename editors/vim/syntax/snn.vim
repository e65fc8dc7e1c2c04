" editors/vim/syntax/snn.vim: highlighting for the .snn language of snnc.
" The tokens follow the compiler's scanner (grammar/snn.re): reserved words, a
" number with the unit that follows it on the same line ("10 ms", "0.5 nS",
" "80 %"), "dX/dt" written without blanks, one-line strings, // and /* */
" comments.  Names are highlighted where they are declared: the type after
" neuron/synapse/plasticity/modulator, the name after param/population/phase
" and after connect or modulator when an '=' follows.
if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

" Operators first: a comment or a derivative defined later wins where both start.
syn match snnOperator "->\|[-+*/^=<>!]=\=\|&&\|||\|[?:]"

" The reserved words of grammar/snn.re.  neuron, synapse, plasticity and
" modulator are matches, not keywords, so that 'synapse:' in a connection
" block stays a key.
syn match snnDefine "\<\%(neuron\|synapse\|plasticity\|modulator\)\>\ze\s\+\h" nextgroup=snnTypeName,snnDeclName skipwhite
syn keyword snnItem population param phase nextgroup=snnDeclName skipwhite
syn keyword snnItem connect nextgroup=snnDeclName skipwhite
syn keyword snnItem experiment
syn keyword snnInclude import
syn keyword snnStatement state input noise threshold reset refractory output method trace
syn keyword snnStatement split grid seed time record report guard of every spike
syn keyword snnConditional on
syn keyword snnOperator in
syn keyword snnBuiltin t dt
syn keyword snnConstant pi true false
syn match snnTypeName "\h\w*\ze\s*(" contained
syn match snnDeclName "\h\w*\ze\s*\%(=\%(=\)\@!\|{\|$\|\s\+\S\)" contained
syn match snnFunction "\<\%(exp\|log\|sin\|cos\|tanh\|floor\|sqrt\|abs\|min\|max\|clip\|normal\|uniform\|gamma\|exponential\|rand\)\ze\s*("
" a dimension where one is declared, after ':'
syn match snnDimension "\%(:\s*\)\@<=\<\%(dimensionless\|time\|frequency\|voltage\|current\|conductance\|capacitance\|resistance\|charge\|length\|weight\|modulator\)\>"
" the keys of a connection's or a modulator's { key: value } block
syn match snnKey "\<\%(rule\|synapse\|port\|weight\|delay\|autapses\|plasticity\|dynamics\|sign\|reset\|window\)\ze\s*:"

" A number, then blanks (not a line break) and a unit: one token for the scanner.
syn match snnNumber "\<\%(\d\+\%(\.\d*\)\=\|\.\d\+\)\%([eE][+-]\=\d\+\)\=" nextgroup=snnUnit skipwhite
syn match snnNumber "\%(\w\)\@<!\.\d\+\%([eE][+-]\=\d\+\)\=" nextgroup=snnUnit skipwhite
syn match snnUnit "\%([pnumkMG]\=\%(V\|A\|S\|F\|Ohm\|s\|Hz\|C\|m\)\|min\|h\)\>\|%" contained
" a unit symbol standing alone is one of that unit (1 / ms); h and min only follow numbers
syn match snnUnit "\<[pnumkMG]\=\%(V\|A\|S\|F\|Ohm\|s\|Hz\|C\|m\)\>"
" 5msec: a word glued to a number that is not a unit
syn match snnError "\%(\<\d\+\%(\.\d*\)\=\%([eE][+-]\=\d\+\)\=\)\@<=\%([eE][+-]\=\d\)\@!\%(\%([pnumkMG]\=\%(V\|A\|S\|F\|Ohm\|s\|Hz\|C\|m\)\|min\|h\)\>\)\@!\h\w*"

syn match snnDerivative "\<d\h\w*/dt\>"

syn match snnError "\"[^\"]*$"
syn match snnString "\"[^\"]*\""

syn keyword snnTodo TODO FIXME XXX NOTE contained
syn match snnComment "//.*$" contains=snnTodo,@Spell
syn region snnComment start="/\*" end="\*/" contains=snnTodo,@Spell
" a window that opens inside a long /* */ comment still shows it as one
syn sync ccomment snnComment minlines=50

hi def link snnOperator Operator
hi def link snnDefine Structure
hi def link snnItem Keyword
hi def link snnInclude Include
hi def link snnStatement Statement
hi def link snnConditional Conditional
hi def link snnBuiltin Identifier
hi def link snnConstant Constant
hi def link snnTypeName Type
hi def link snnDeclName Identifier
hi def link snnFunction Function
hi def link snnDimension Type
hi def link snnKey Label
hi def link snnNumber Number
hi def link snnUnit Special
hi def link snnDerivative Identifier
hi def link snnString String
hi def link snnTodo Todo
hi def link snnComment Comment
hi def link snnError Error

let b:current_syntax = 'snn'
let &cpo = s:cpo_save
unlet s:cpo_save
