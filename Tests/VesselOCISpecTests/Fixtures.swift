/// Config documents shaped like what real clients write.
enum Fixtures {
    /// Byte-for-byte `runc spec` output of runc 1.1.5 (tabs, field order, no trailing newline).
    static let runcSpec = #"""
    {
    	"ociVersion": "1.0.2-dev",
    	"process": {
    		"terminal": true,
    		"user": {
    			"uid": 0,
    			"gid": 0
    		},
    		"args": [
    			"sh"
    		],
    		"env": [
    			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    			"TERM=xterm"
    		],
    		"cwd": "/",
    		"capabilities": {
    			"bounding": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			],
    			"effective": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			],
    			"permitted": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			],
    			"ambient": [
    				"CAP_AUDIT_WRITE",
    				"CAP_KILL",
    				"CAP_NET_BIND_SERVICE"
    			]
    		},
    		"rlimits": [
    			{
    				"type": "RLIMIT_NOFILE",
    				"hard": 1024,
    				"soft": 1024
    			}
    		],
    		"noNewPrivileges": true
    	},
    	"root": {
    		"path": "rootfs",
    		"readonly": true
    	},
    	"hostname": "runc",
    	"mounts": [
    		{
    			"destination": "/proc",
    			"type": "proc",
    			"source": "proc"
    		},
    		{
    			"destination": "/dev",
    			"type": "tmpfs",
    			"source": "tmpfs",
    			"options": [
    				"nosuid",
    				"strictatime",
    				"mode=755",
    				"size=65536k"
    			]
    		},
    		{
    			"destination": "/dev/pts",
    			"type": "devpts",
    			"source": "devpts",
    			"options": [
    				"nosuid",
    				"noexec",
    				"newinstance",
    				"ptmxmode=0666",
    				"mode=0620",
    				"gid=5"
    			]
    		},
    		{
    			"destination": "/dev/shm",
    			"type": "tmpfs",
    			"source": "shm",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"mode=1777",
    				"size=65536k"
    			]
    		},
    		{
    			"destination": "/dev/mqueue",
    			"type": "mqueue",
    			"source": "mqueue",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev"
    			]
    		},
    		{
    			"destination": "/sys",
    			"type": "sysfs",
    			"source": "sysfs",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"ro"
    			]
    		},
    		{
    			"destination": "/sys/fs/cgroup",
    			"type": "cgroup",
    			"source": "cgroup",
    			"options": [
    				"nosuid",
    				"noexec",
    				"nodev",
    				"relatime",
    				"ro"
    			]
    		}
    	],
    	"linux": {
    		"resources": {
    			"devices": [
    				{
    					"allow": false,
    					"access": "rwm"
    				}
    			]
    		},
    		"namespaces": [
    			{
    				"type": "pid"
    			},
    			{
    				"type": "network"
    			},
    			{
    				"type": "ipc"
    			},
    			{
    				"type": "uts"
    			},
    			{
    				"type": "mount"
    			}
    		],
    		"maskedPaths": [
    			"/proc/acpi",
    			"/proc/asound",
    			"/proc/kcore",
    			"/proc/keys",
    			"/proc/latency_stats",
    			"/proc/timer_list",
    			"/proc/timer_stats",
    			"/proc/sched_debug",
    			"/sys/firmware",
    			"/proc/scsi"
    		],
    		"readonlyPaths": [
    			"/proc/bus",
    			"/proc/fs",
    			"/proc/irq",
    			"/proc/sys",
    			"/proc/sysrq-trigger"
    		]
    	}
    }
    """#

    /// The shape containerd 1.6's CRI plugin generates: many fields, some Vessel does not know.
    static let containerdSpec = #"""
    {
      "ociVersion": "1.1.0-rc.1",
      "process": {
        "user": {"uid": 65534, "gid": 65534, "umask": 18, "additionalGids": [65534, 10]},
        "args": ["/pause"],
        "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        "cwd": "/",
        "capabilities": {
          "bounding": ["CAP_CHOWN", "CAP_KILL"],
          "effective": ["CAP_CHOWN", "CAP_KILL"],
          "inheritable": [],
          "permitted": ["CAP_CHOWN", "CAP_KILL"]
        },
        "noNewPrivileges": true,
        "oomScoreAdj": -998,
        "apparmorProfile": "cri-containerd.apparmor.d",
        "ioPriority": {"class": "IOPRIO_CLASS_BE", "priority": 4},
        "scheduler": {"policy": "SCHED_OTHER"}
      },
      "root": {"path": "/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs", "readonly": true},
      "hostname": "pod-1",
      "mounts": [
        {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/etc/resolv.conf", "type": "bind",
         "source": "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/resolv.conf",
         "options": ["rbind", "ro", "nosuid", "nodev", "noexec"],
         "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]}
      ],
      "hooks": {
        "createRuntime": [{"path": "/usr/bin/nvidia-hook", "args": ["nvidia-hook", "prestart"], "env": ["A=1"], "timeout": 5}],
        "poststop": [{"path": "/bin/true"}]
      },
      "annotations": {
        "io.kubernetes.cri.container-type": "sandbox",
        "io.kubernetes.cri.sandbox-id": "abc"
      },
      "linux": {
        "sysctl": {"net.ipv4.ip_unprivileged_port_start": "0", "kernel.shm_rmid_forced": "1"},
        "resources": {
          "devices": [{"allow": false, "access": "rwm"}, {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"}],
          "memory": {"limit": 104857600, "swap": -1, "disableOOMKiller": false},
          "cpu": {"shares": 2, "quota": 50000, "period": 100000, "cpus": "0-1", "mems": "0"},
          "pids": {"limit": 1024},
          "blockIO": {"weight": 500, "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}]},
          "hugepageLimits": [{"pageSize": "2MB", "limit": 0}],
          "network": {"classID": 1048577, "priorities": [{"name": "eth0", "priority": 5}]},
          "rdma": {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}},
          "unified": {"memory.high": "90000000"}
        },
        "cgroupsPath": "/kubepods/besteffort/podabc/abc",
        "namespaces": [
          {"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
          {"type": "network", "path": "/var/run/netns/cni-1234"}, {"type": "cgroup"}
        ],
        "devices": [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0}],
        "seccomp": {
          "defaultAction": "SCMP_ACT_ERRNO",
          "defaultErrnoRet": 1,
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
          "flags": ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
          "syscalls": [
            {"names": ["accept", "read"], "action": "SCMP_ACT_ALLOW"},
            {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": 4294967295, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
            {"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38,
             "args": [{"index": 0, "value": 2114060288, "op": "SCMP_CMP_MASKED_EQ"}]}
          ]
        },
        "rootfsPropagation": "rslave",
        "maskedPaths": ["/proc/acpi", "/proc/kcore"],
        "readonlyPaths": ["/proc/bus", "/proc/sys"],
        "mountLabel": "system_u:object_r:container_file_t:s0",
        "personality": {"domain": "LINUX"},
        "intelRdt": {"closID": "guaranteed", "l3CacheSchema": "L3:0=7f"},
        "futureLinuxField": {"anything": [1, 2, 3]}
      },
      "vm": {"hypervisor": {"path": "/usr/bin/qemu"}}
    }
    """#
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
