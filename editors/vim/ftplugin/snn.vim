" editors/vim/ftplugin/snn.vim: settings for .snn files: C++-style comments
" (so that gc-style commenting plugins and 'formatoptions' continue them),
" and gf on an import's file name finds it with or without the suffix.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal suffixesadd=.snn
setlocal include=^\\s*import

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< suffixesadd< include<'
