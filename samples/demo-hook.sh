#!/bin/sh
# Demo OCI hook: appends one record per call to a log so that a person (or the
# end-to-end tests) can see which hook ran for which container, in which state.
#
# runc starts hooks with only the hook's own environment (no PATH), so every
# command below is called by its absolute path.
#
# Record layout:
#   === demo-hook pid=<pid> time=<utc> container=<name> id=<id> status=<state>
#   args: <arguments after argv0>
#   env: <one variable per line, each prefixed with "env: ">
log="${DEMO_HOOK_LOG:-/tmp/demo-hook.log}"

# The OCI state of the container arrives on stdin as one line of JSON.
state="$(/bin/cat)"
field() {
  printf '%s' "$state" | /bin/sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}
id="$(field id)"
status="$(field status)"
name="$(field io.kubernetes.cri.container-name)"

record="=== demo-hook pid=$$ time=$(/bin/date -u +%Y-%m-%dT%H:%M:%S.%NZ) container=${name:--} id=${id:--} status=${status:--}
args: $*
$(/usr/bin/env | /bin/sed 's/^/env: /')"

# One write per record keeps records whole when hooks of several containers run at once.
printf '%s\n' "$record" >>"$log"
