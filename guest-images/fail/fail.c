/* fail: prints one line and exits through semihosting with status 3, so a runner can check
 * that a guest's non-zero exit status reaches qvm's own exit code. */
#include "../common/runtime.h"

int main(void)
{
	uart_puts("fail guest: exiting with status 3\n");
	return 3;
}
