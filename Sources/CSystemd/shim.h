// sd_journal_send and sd_notifyf are variadic; Swift uses sd_journal_sendv
// (iovec) and sd_notify directly.
#ifndef CELLQA_CSYSTEMD_SHIM_H
#define CELLQA_CSYSTEMD_SHIM_H
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#endif
