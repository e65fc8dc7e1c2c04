# snnc against Brian2 on identical networks (see networks.test.sh): CUBA and
# COBA with pair STDP (make test-full).
. tests/lib.sh
NETS="cuba stdp"
. tests/brian2/networks.sh
