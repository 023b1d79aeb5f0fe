# Sourced by the cluster benches: a throwaway Redis on a random loopback port ($port) with a work directory ($work);
# on exit the silo processes in $pids are killed, Redis is shut down and $work is removed.
work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$work" >/dev/null
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
