/// The /init of the L2 host: loads kvm-amd, starts the heartbeat, runs the session's scenarios in order
/// and marks each one's begin and end on the console, then powers L2 off.
enum L2InitScript {
    static let kvmModuleNames = ["irqbypass", "kvm", "kvm-amd"]

    static func text() -> String {
        """
        #!/bin/busybox sh
        /bin/busybox --install -s /bin
        export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin HOME=/root
        mount -t proc proc /proc
        mount -t sysfs sys /sys
        mount -t devtmpfs dev /dev
        mkdir -p /tmp /root /run /dev/pts
        mount -t tmpfs tmp /tmp
        . /scenarios/session.env
        mark() { printf '\\n%s%s\\n' "$MARK" "$*"; }
        halt_l2() { sync; poweroff -f; sleep 5; }
        (while :; do echo "heartbeat $(cut -d' ' -f1 /proc/uptime)"; sleep "$HEARTBEAT_INTERVAL"; done) \\
            >/dev/ttyS1 2>/dev/null </dev/null &
        echo $! >/run/vessel-testbed-heartbeat.pid
        for module in \(kvmModuleNames.joined(separator: " ")); do
            insmod "/lib/modules/l2/$module.ko" || { mark "fatal:insmod $module failed"; halt_l2; }
        done
        [ -c /dev/kvm ] || { mark "fatal:/dev/kvm missing after loading kvm-amd"; halt_l2; }
        export VESSEL_ASSETS=/assets VMLINUZ=/assets/vmlinuz VMLINUX=/assets/vmlinux INITRD=/assets/initrd.cpio.gz
        [ -x /usr/bin/qemu-system-x86_64 ] && export QEMU=/usr/bin/qemu-system-x86_64
        mark "ready:$(cut -d' ' -f1 /proc/uptime)"
        while read -r index <&3; do
            timeout=$(cat "/scenarios/$index.timeout")
            mark "begin:$index"
            started=$EPOCHREALTIME
            if [ "$INTERACTIVE" = 1 ]; then
                (cd /tmp && exec timeout -s KILL "$timeout" sh "/scenarios/$index.sh") 2>&1
            else
                (cd /tmp && exec timeout -s KILL "$timeout" sh "/scenarios/$index.sh") </dev/null 2>&1
            fi
            status=$?
            mark "end:$index:$status:$started:$EPOCHREALTIME"
        done 3</scenarios/list
        mark "done"
        halt_l2

        """
    }
}
