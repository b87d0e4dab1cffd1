import type { Metadata } from "next";
import { When } from "@/components/format/when";
import { InviteForm, MemberActions, ReissueInvite } from "@/components/partners/users-forms";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { requireCaller } from "@/lib/auth/session";
import { listMembers } from "@/lib/partners/users";
import {
  changeRoleAction,
  inviteMemberAction,
  reissueInviteAction,
  removeMemberAction,
} from "../actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const caller = await requireCaller();
  if (caller.role !== "owner") {
    return (
      <Card data-testid="users-forbidden">
        <CardHeader>
          <CardTitle>Users</CardTitle>
          <CardDescription>
            Only owners manage users. Ask an owner of {caller.partnerName}.
          </CardDescription>
        </CardHeader>
      </Card>
    );
  }
  const members = await listMembers(caller.scope);
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Invite a colleague</CardTitle>
          <CardDescription>
            Members see everything and can work in the Inbox; only owners manage users, keys,
            webhooks and settings.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <InviteForm action={inviteMemberAction} />
        </CardContent>
      </Card>
      <Table aria-label="Users" data-testid="users-table">
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Joined</TableHead>
            <TableHead className="text-right">Role</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => (
            <TableRow key={member.userId}>
              <TableCell className="font-medium">
                {member.email}
                {member.userId === caller.userId ? " (you)" : ""}
              </TableCell>
              <TableCell>
                {member.hasPassword ? (
                  (member.name ?? "—")
                ) : (
                  <div className="grid gap-1">
                    {member.name ? <span>{member.name}</span> : null}
                    <ReissueInvite
                      userId={member.userId}
                      email={member.email}
                      action={reissueInviteAction}
                    />
                  </div>
                )}
              </TableCell>
              <TableCell>
                <When at={member.createdAt} />
              </TableCell>
              <TableCell>
                <MemberActions
                  userId={member.userId}
                  email={member.email}
                  role={member.role}
                  changeRole={changeRoleAction}
                  remove={removeMemberAction}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
