import VesselTestbed

/// The L2 shell scripts of the cgroup v2 session. Each one starts with `prelude`, which is idempotent, so a
/// scenario re-run in a fresh L2 (after a frozen session) sets up the cgroup2 mount and the bundle again.
/// Results are `cgv2:key=value` lines (see `CgroupV2Report`); the Swift tests judge them.
enum CgroupV2Scenarios {
    enum Name {
        static let host = "cgroupv2-host"
        static let memory = "cgroupv2-memory"
        static let pids = "cgroupv2-pids"
        static let lifecycle = "cgroupv2-lifecycle"
    }

    static let memoryLimit = 32 * 1024 * 1024
    static let pidsLimit = 5
    static let lifecyclePidsLimit = 16

    /// Mounts cgroup2 (L2's init mounts only proc, sys, dev and tmp), builds one busybox rootfs shared by
    /// every bundle, and defines helpers: `bundle NAME MEMORY PIDS` writes config.json from
    /// `vessel-runtime spec` with the job /jobs/NAME.sh as the process; `status ID` prints the state's status.
    static let prelude = #"""
        R=/usr/local/bin/vessel-runtime
        ROOT=/tmp/vr-root
        B=/tmp/cgv2
        G=/sys/fs/cgroup
        grep -q " $G cgroup2 " /proc/mounts || mount -t cgroup2 cgroup2 $G || echo "cgv2:mount-error=mount failed"
        if [ ! -x $B/rootfs/bin/busybox ]; then
            mkdir -p $B/rootfs/bin $B/rootfs/proc $B/rootfs/dev $B/rootfs/sys $B/rootfs/tmp $B/rootfs/etc \
                $B/rootfs/root $B/rootfs/jobs $B/rootfs/out
            cp /bin/busybox $B/rootfs/bin/busybox
            for applet in $(/bin/busybox --list); do
                [ "$applet" = busybox ] || ln -sf busybox "$B/rootfs/bin/$applet"
            done
            echo "root:x:0:0:root:/root:/bin/sh" >$B/rootfs/etc/passwd
        fi
        bundle() {
            rm -rf "$B/$1"
            mkdir -p "$B/$1"
            (cd "$B/$1" && $R spec) || echo "cgv2:spec-error=$1"
            resources="\"memory\": {\"limit\": $2}, "
            [ "$3" -gt 0 ] && resources="$resources\"pids\": {\"limit\": $3}, "
            sed -i -e 's/"terminal": *true/"terminal": false/' \
                -e 's/"readonly": *true/"readonly": false/' \
                -e "s|\"path\": *\"rootfs\"|\"path\": \"$B/rootfs\"|" \
                -e "s|^\([[:space:]]*\)\"sh\"\$|\1\"sh\", \"/jobs/$1.sh\"|" \
                -e "s|\"resources\": *{|\"resources\": {$resources|" "$B/$1/config.json"
            for edit in '"terminal": false' "\"path\": \"$B/rootfs\"" "/jobs/$1.sh" "\"limit\": $2"; do
                grep -qF "$edit" "$B/$1/config.json" || echo "cgv2:spec-edit-missing=$1: $edit"
            done
        }
        status() { $R --root $ROOT state "$1" 2>/dev/null | sed -n 's/.*"status" *: *"\([a-z]*\)".*/\1/p'; }
        init_pid() { $R --root $ROOT state "$1" 2>/dev/null | sed -n 's/.*"pid" *: *\([0-9]*\).*/\1/p'; }
        wait_status() {
            tries=0
            while [ "$(status "$1")" != "$2" ] && [ $tries -lt 100 ]; do sleep 0.2; tries=$((tries + 1)); done
        }

        """#

    static let hostScript = prelude + #"""
        echo "cgv2:mount-type=$(awk -v g=$G '$2 == g { print $3 }' /proc/mounts)"
        echo "cgv2:v1-mounts=$(awk '$3 == "cgroup"' /proc/mounts | wc -l)"
        echo "cgv2:root-controllers=$(cat $G/cgroup.controllers)"
        echo "cgv2:cmdline=$(cat /proc/cmdline)"
        $R --root $ROOT features >/dev/null; echo "cgv2:features-exit=$?"

        """#

    /// dd reads /dev/zero into one buffer of bs bytes, so it really touches that much anonymous memory,
    /// charged to the container's memcg. `exec` makes dd the container's init, so run reports its death.
    static let memoryScript = prelude + #"""
        echo 'exec dd if=/dev/zero of=/dev/null bs=64M count=1' >$B/rootfs/jobs/oom.sh
        echo 'exec dd if=/dev/zero of=/dev/null bs=8M count=1' >$B/rootfs/jobs/small.sh
        cp $B/rootfs/jobs/oom.sh $B/rootfs/jobs/oomcs.sh
        bundle oom \#(memoryLimit) 0
        bundle small \#(memoryLimit) 0
        bundle oomcs \#(memoryLimit) 0
        $R --root $ROOT run --no-pivot --bundle $B/small small; echo "cgv2:small-exit=$?"
        $R --root $ROOT run --no-pivot --bundle $B/oom oom; echo "cgv2:oom-exit=$?"
        echo "cgv2:oom-dir-after-run=$([ -e $G/vessel/oom ] && echo present || echo gone)"
        # create + start, so the cgroup outlives the process and its memory.events can be read.
        $R --root $ROOT create --no-pivot --bundle $B/oomcs oomcs; echo "cgv2:oomcs-create-exit=$?"
        echo "cgv2:oomcs-memory.max=$(cat $G/vessel/oomcs/memory.max)"
        $R --root $ROOT start oomcs; echo "cgv2:oomcs-start-exit=$?"
        wait_status oomcs stopped
        echo "cgv2:oomcs-status=$(status oomcs)"
        echo "cgv2:oomcs-oom-kill=$(awk '$1 == "oom_kill" { print $2 }' $G/vessel/oomcs/memory.events)"
        echo "cgv2:oomcs-memory.peak=$(cat $G/vessel/oomcs/memory.peak 2>/dev/null)"
        $R --root $ROOT delete oomcs; echo "cgv2:oomcs-delete-exit=$?"
        echo "cgv2:oomcs-dir-after-delete=$([ -e $G/vessel/oomcs ] && echo present || echo gone)"

        """#

    /// sh plus three sleepers fit in pids.max 5; the next batch of five cannot all fork.
    static let pidsScript = prelude + #"""
        cat >$B/rootfs/jobs/pids.sh <<'JOB'
        for i in 1 2 3; do sleep 30 & done
        echo forked-three
        for i in 4 5 6 7 8; do sleep 30 & done
        echo forked-eight
        JOB
        bundle pids \#(memoryLimit) \#(pidsLimit)
        $R --root $ROOT run --no-pivot --bundle $B/pids pids >/tmp/pids.out 2>&1
        echo "cgv2:pids-exit=$?"
        cat /tmp/pids.out
        echo "cgv2:pids-forked-three=$(grep -c '^forked-three$' /tmp/pids.out)"
        echo "cgv2:pids-forked-eight=$(grep -c '^forked-eight$' /tmp/pids.out)"
        echo "cgv2:pids-fork-error=$(grep -ci "can't fork\|resource temporarily unavailable" /tmp/pids.out)"
        echo "cgv2:pids-dir-after-run=$([ -e $G/vessel/pids ] && echo present || echo gone)"

        """#

    /// A ticking container: its cgroup, the limits seen from inside (cgroup namespace), the freezer, delete.
    static let lifecycleScript = prelude + #"""
        cat >$B/rootfs/jobs/life.sh <<'JOB'
        cat /proc/self/cgroup >/out/life-self-cgroup
        [ -d /sys/fs/cgroup/vessel ] && echo visible >/out/life-host-tree || echo hidden >/out/life-host-tree
        cat /sys/fs/cgroup/memory.max >/out/life-memory.max 2>/dev/null
        cat /sys/fs/cgroup/pids.max >/out/life-pids.max 2>/dev/null
        i=0
        while :; do i=$((i + 1)); echo $i >/out/life-ticks; sleep 1; done
        JOB
        rm -f $B/rootfs/out/life-*
        bundle life \#(memoryLimit) \#(lifecyclePidsLimit)
        D=$G/vessel/life
        $R --root $ROOT create --no-pivot --bundle $B/life life; echo "cgv2:create-exit=$?"
        echo "cgv2:created-status=$(status life)"
        $R --root $ROOT start life; echo "cgv2:start-exit=$?"
        tries=0
        while [ ! -s $B/rootfs/out/life-ticks ] && [ $tries -lt 100 ]; do sleep 0.2; tries=$((tries + 1)); done
        echo "cgv2:running-status=$(status life)"
        echo "cgv2:dir=$([ -d $D ] && echo present || echo missing)"
        echo "cgv2:memory.max=$(cat $D/memory.max)"
        echo "cgv2:pids.max=$(cat $D/pids.max)"
        echo "cgv2:controllers=$(cat $D/cgroup.controllers)"
        echo "cgv2:root-subtree-control=$(cat $G/cgroup.subtree_control)"
        echo "cgv2:parent-subtree-control=$(cat $G/vessel/cgroup.subtree_control)"
        pid=$(init_pid life)
        echo "cgv2:init-pid=$pid"
        echo "cgv2:init-in-procs=$(grep -cx "$pid" $D/cgroup.procs)"
        echo "cgv2:init-cgroup=$(cat /proc/$pid/cgroup)"
        echo "cgv2:inside-self-cgroup=$(cat $B/rootfs/out/life-self-cgroup)"
        echo "cgv2:inside-host-tree=$(cat $B/rootfs/out/life-host-tree)"
        echo "cgv2:inside-memory.max=$(cat $B/rootfs/out/life-memory.max)"
        echo "cgv2:inside-pids.max=$(cat $B/rootfs/out/life-pids.max)"
        $R --root $ROOT pause life; echo "cgv2:pause-exit=$?"
        echo "cgv2:paused-status=$(status life)"
        echo "cgv2:paused-freeze=$(cat $D/cgroup.freeze)"
        echo "cgv2:paused-frozen=$(awk '$1 == "frozen" { print $2 }' $D/cgroup.events)"
        before=$(cat $B/rootfs/out/life-ticks); sleep 3; after=$(cat $B/rootfs/out/life-ticks)
        echo "cgv2:paused-ticks=$before $after"
        $R --root $ROOT resume life; echo "cgv2:resume-exit=$?"
        echo "cgv2:resumed-status=$(status life)"
        echo "cgv2:resumed-frozen=$(awk '$1 == "frozen" { print $2 }' $D/cgroup.events)"
        before=$(cat $B/rootfs/out/life-ticks); sleep 3; after=$(cat $B/rootfs/out/life-ticks)
        echo "cgv2:resumed-ticks=$before $after"
        $R --root $ROOT kill life KILL; echo "cgv2:kill-exit=$?"
        wait_status life stopped
        echo "cgv2:killed-status=$(status life)"
        $R --root $ROOT delete life; echo "cgv2:delete-exit=$?"
        echo "cgv2:dir-after-delete=$([ -e $D ] && echo present || echo gone)"
        echo "cgv2:state-after-delete=$($R --root $ROOT state life >/dev/null 2>&1; echo $?)"

        """#

    static var all: [Scenario] {
        [
            Scenario(name: Name.host, script: hostScript, timeoutSeconds: 120),
            Scenario(name: Name.memory, script: memoryScript, timeoutSeconds: 240),
            Scenario(name: Name.pids, script: pidsScript, timeoutSeconds: 180),
            Scenario(name: Name.lifecycle, script: lifecycleScript, timeoutSeconds: 240),
        ]
    }
}
