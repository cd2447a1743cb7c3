# Sourced by the benchmarks: registers users and keeps their access tokens, one per line.
# register_users <count> <email prefix> <gateway> <tokens file>
register_users() {
    local i email password="benchmark-password"
    for i in $(seq 1 "$1"); do
        email="$2-$i-$(date +%s%N)@example.test"
        curl -fsS -o /dev/null -H 'Content-Type: application/json' \
            -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$3/auth/register"
        curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" \
            "$3/auth/login" | jq -r .access_token >> "$4"
    done
}
