" editors/vim/ftdetect/snn.vim: .snn files (snnc's spiking-network models) are
" filetype snn.  setfiletype leaves a filetype the user chose alone.
autocmd BufNewFile,BufRead *.snn setfiletype snn
