/* Host tests of all-or-nothing semaphore operations (ipc/sem_apply.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/uapi/errno.h"
#include "ipc/sem_apply.h"

static struct sem sems[3];

static int setup(void **state)
{
	(void)state;
	memset(sems, 0, sizeof(sems));
	return 0;
}

static void applies_every_op_and_records_the_pid(void **state)
{
	(void)state;
	struct sembuf ops[] = {{0, 2, 0}, {1, 5, 0}, {0, -1, 0}};
	unsigned blocking;
	assert_int_equal(sem_try_apply(sems, ops, 3, 42, NULL, &blocking), SEM_APPLIED);
	assert_int_equal(sems[0].semval, 1);
	assert_int_equal(sems[1].semval, 5);
	assert_int_equal(sems[0].sempid, 42);
	assert_int_equal(sems[2].sempid, 0); /* not named: untouched */
}

static void a_blocking_op_undoes_the_earlier_ones(void **state)
{
	(void)state;
	sems[1].semval = 1;
	struct sembuf ops[] = {{0, 3, 0}, {1, -1, 0}, {2, -1, IPC_NOWAIT}};
	unsigned blocking = 99;
	assert_int_equal(sem_try_apply(sems, ops, 3, 1, NULL, &blocking), SEM_MUST_WAIT);
	assert_int_equal(blocking, 2); /* the op on sem 2 could not go */
	assert_int_equal(sems[0].semval, 0);
	assert_int_equal(sems[1].semval, 1);
	assert_int_equal(sems[0].sempid, 0);
}

static void later_ops_see_earlier_results(void **state)
{
	(void)state;
	/* -1 then +1 on a zero semaphore must wait: the -1 comes first. */
	struct sembuf ops[] = {{0, -1, 0}, {0, 1, 0}};
	unsigned blocking;
	assert_int_equal(sem_try_apply(sems, ops, 2, 1, NULL, &blocking), SEM_MUST_WAIT);
	/* +1 then -1 goes through. */
	struct sembuf ok[] = {{0, 1, 0}, {0, -1, 0}};
	assert_int_equal(sem_try_apply(sems, ok, 2, 1, NULL, &blocking), SEM_APPLIED);
	assert_int_equal(sems[0].semval, 0);
}

static void wait_for_zero(void **state)
{
	(void)state;
	struct sembuf zero[] = {{0, 0, 0}};
	unsigned blocking;
	sems[0].semval = 2;
	assert_int_equal(sem_try_apply(sems, zero, 1, 1, NULL, &blocking), SEM_MUST_WAIT);
	sems[0].semval = 0;
	assert_int_equal(sem_try_apply(sems, zero, 1, 7, NULL, &blocking), SEM_APPLIED);
	assert_int_equal(sems[0].sempid, 7); /* zero-ops record the pid too, as Linux */
}

static void semvmx_gives_erange_and_changes_nothing(void **state)
{
	(void)state;
	sems[1].semval = SEMVMX;
	struct sembuf ops[] = {{0, 1, 0}, {1, 1, 0}};
	unsigned blocking;
	assert_int_equal(sem_try_apply(sems, ops, 2, 1, NULL, &blocking), -ERANGE);
	assert_int_equal(sems[0].semval, 0);
	assert_int_equal(sems[1].semval, SEMVMX);
}

static void undo_records_the_opposite_only_on_success(void **state)
{
	(void)state;
	int16_t adj[3] = {0};
	struct sembuf ops[] = {{0, 4, SEM_UNDO}, {1, 2, 0}};
	unsigned blocking;
	assert_int_equal(sem_try_apply(sems, ops, 2, 1, adj, &blocking), SEM_APPLIED);
	assert_int_equal(adj[0], -4);
	assert_int_equal(adj[1], 0); /* no SEM_UNDO on that op */
	struct sembuf blocked[] = {{0, -1, SEM_UNDO}, {2, -1, 0}};
	assert_int_equal(sem_try_apply(sems, blocked, 2, 1, adj, &blocking), SEM_MUST_WAIT);
	assert_int_equal(adj[0], -4); /* unchanged by the failed attempt */
}

static void undo_beyond_semaem_gives_erange(void **state)
{
	(void)state;
	int16_t adj[3] = {-SEMAEM - 1, 0, 0};
	struct sembuf ops[] = {{0, 1, SEM_UNDO}};
	unsigned blocking;
	assert_int_equal(sem_try_apply(sems, ops, 1, 1, adj, &blocking), -ERANGE);
	assert_int_equal(sems[0].semval, 0);
}

#define T(f) cmocka_unit_test_setup(f, setup)
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(applies_every_op_and_records_the_pid),
	    T(a_blocking_op_undoes_the_earlier_ones),
	    T(later_ops_see_earlier_results),
	    T(wait_for_zero),
	    T(semvmx_gives_erange_and_changes_nothing),
	    T(undo_records_the_opposite_only_on_success),
	    T(undo_beyond_semaem_gives_erange),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
